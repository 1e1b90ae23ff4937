/**
 * JSON.parse that keeps integers beyond 2^53 exact, as strings: Byai's ids are Java longs, and a rounded
 * id would point at another call (and could make two calls look like one to the trigger's dedupe).
 */
export function parseJsonKeepingLongs(text: string): unknown {
	const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	if (!/\d{16}/.test(source)) return JSON.parse(source);
	// Strings are matched whole first, so digits inside them are never touched.
	const safe = source.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (token) =>
		/^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token)) ? `"${token}"` : token,
	);
	return JSON.parse(safe);
}
