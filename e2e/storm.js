'use strict';
// A storm of Byai call-record callbacks, sent the way Byai sends them: each unique callback to one of the
// targets, some repeated to the other target (at the same moment, or ~10 s later as Byai's retries come),
// JSON and text/plain bodies, and every delivery that did not get HTTP 200 `success` (another status or
// body, a connection reset, no answer within `timeoutMs`) resent after `resendAfterMs` (Byai: 10 s, 30 s,
// 1 min…) until it does or `maxAttempts` is reached. Used by the queue-mode suite and bench/queue.js.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The sandbox's sample call-record callback (the body Byai posts). */
async function callbackSample(sandboxUrl) {
	return (await (await fetch(`${sandboxUrl}/admin/callbacks/sample?type=callRecord`)).json()).payload;
}

/** The sample as the callback of call `callId`. */
function callbackFor(sample, callId) {
	const body = structuredClone(sample);
	body.data.data.sceneInstance.callInstanceId = callId;
	return JSON.stringify(body);
}

const CONTENT_TYPES = ['application/json', 'text/plain;charset=utf-8'];

/** One delivery; resolves with { status, body, ms } (status 0: no answer). */
async function deliver(url, body, contentType, timeoutMs) {
	const started = process.hrtime.bigint();
	try {
		const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body, signal: AbortSignal.timeout(timeoutMs) });
		const text = await response.text();
		return { status: response.status, body: text.slice(0, 80), ms: Number(process.hrtime.bigint() - started) / 1e6 };
	} catch (error) {
		return { status: 0, body: String(error.cause?.code ?? error.name ?? error.message), ms: Number(process.hrtime.bigint() - started) / 1e6 };
	}
}

const acknowledged = (answer) => answer.status === 200 && answer.body === 'success';

/**
 * Sends the storm; resolves when every delivery has its answer (or gave up).
 * - targets: callback URLs (the call-record URL of each webhook processor); unique callback i goes to
 *   targets[i % n], its copy to the next one.
 * - unique, firstCallId: callbacks of calls firstCallId … firstCallId + unique - 1.
 * - simultaneous, delayed: how many uniques get a copy sent together with the first delivery, and how many
 *   one sent `delayMs` after the first delivery's answer.
 * - concurrency: deliveries in flight at most (copies included).
 * - onProgress(sent): called after each delivery.
 * Returns { uniques: Map(callId → { deliveries: [answer + { target, copy, attempt }], acknowledged }), answers
 * (Map "status body" → count), latencies (ms of every delivery), wallMs }.
 */
async function storm({ sample, targets, unique, firstCallId = 1, simultaneous = 0, delayed = 0, delayMs = 10_000, concurrency = 20, resendAfterMs = 10_000, maxAttempts = 8, timeoutMs = 30_000, onProgress }) {
	const uniques = new Map();
	const answers = new Map();
	const latencies = [];
	let inFlight = 0;
	const waiting = [];
	const slot = async () => {
		while (inFlight >= concurrency) await new Promise((resolve) => waiting.push(resolve));
		inFlight++;
	};
	const release = () => {
		inFlight--;
		waiting.shift()?.();
	};
	let sent = 0;
	/** Delivers one copy, resending like Byai (to the next target) until it is acknowledged or maxAttempts is reached. */
	const send = async (callId, target, copy) => {
		const entry = uniques.get(callId);
		for (let attempt = 1; attempt <= maxAttempts; attempt++) {
			const url = targets[(target + attempt - 1) % targets.length];
			await slot();
			const answer = await deliver(url, entry.body, entry.contentType, timeoutMs).finally(release);
			sent++;
			onProgress?.(sent);
			latencies.push(answer.ms);
			const key = `${answer.status} ${answer.body}`;
			answers.set(key, (answers.get(key) ?? 0) + 1);
			entry.deliveries.push({ ...answer, target: url, copy, attempt });
			if (acknowledged(answer)) {
				entry.acknowledged = true;
				return;
			}
			await sleep(resendAfterMs);
		}
	};
	const started = Date.now();
	const jobs = [];
	// Copies spread over the storm: every `step`-th unique gets one of each kind, until there are enough.
	const every = (count) => (count ? Math.max(1, Math.floor(unique / count)) : Infinity);
	const [stepTogether, stepLater] = [every(simultaneous), every(delayed)];
	for (let i = 0; i < unique; i++) {
		const callId = firstCallId + i;
		uniques.set(callId, { body: callbackFor(sample, callId), contentType: CONTENT_TYPES[i % 2], deliveries: [], acknowledged: false });
		const target = i % targets.length;
		const other = (target + 1) % targets.length;
		const together = i % stepTogether === 0 && i / stepTogether < simultaneous;
		const later = (i + 1) % stepLater === 0 && (i + 1) / stepLater <= delayed;
		await slot(); // the first delivery of unique i starts when there is room: a steady stream, not all at once
		release();
		const first = send(callId, target, false);
		jobs.push(first);
		if (together) jobs.push(send(callId, other, true));
		if (later) jobs.push(first.then(() => sleep(delayMs)).then(() => send(callId, other, true)));
	}
	await Promise.all(jobs);
	return { uniques, answers, latencies, wallMs: Date.now() - started };
}

/** p-th percentile (0–100) of `values`. */
function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : NaN;
}

module.exports = { storm, callbackSample, callbackFor, percentile, acknowledged };
