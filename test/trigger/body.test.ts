// Reading the body however n8n hands it over (raw bytes, parsed object, text, or a stream still to read),
// and JSON parsing that keeps Java longs exact.
import { parseJsonKeepingLongs } from '../../nodes/Byai/helpers/json';
import { parseCallback, readCallbackBody } from '../../nodes/ByaiTrigger/callbacks';
import { callRecord } from './fixtures';

describe('readCallbackBody', () => {
	const text = JSON.stringify(callRecord(1));

	test('prefers the raw bytes n8n keeps, whatever it parsed', async () => {
		expect(await readCallbackBody({ rawBody: Buffer.from(text), body: { parsed: true } })).toBe(text);
		expect(await readCallbackBody({ rawBody: text, body: {} })).toBe(text);
	});

	test('without raw bytes: the parsed object, a text body or a Buffer body', async () => {
		expect(await readCallbackBody({ body: { code: 200 } })).toEqual({ code: 200 });
		expect(await readCallbackBody({ rawBody: Buffer.alloc(0), body: text })).toBe(text);
		expect(await readCallbackBody({ body: Buffer.from(text) })).toBe(text);
		expect(await readCallbackBody({ body: {} })).toEqual({});
		expect(await readCallbackBody({})).toBeUndefined();
	});

	test('reads the stream when n8n has not yet', async () => {
		const request: { rawBody?: Buffer; body?: unknown; readRawBody: () => Promise<void> } = {
			body: {},
			readRawBody: async () => {
				request.rawBody = Buffer.from(text);
			},
		};
		expect(await readCallbackBody(request)).toBe(text);
	});

	test('a parsed object is classified like the text', () => {
		const fromObject = parseCallback(callRecord(1));
		const fromText = parseCallback(text);
		expect(fromObject).toEqual(fromText);
		expect(fromObject).toMatchObject({ event: 'callFinished', dataType: 'CALL_INSTANCE_RESULT' });
	});
});

describe('parseJsonKeepingLongs', () => {
	test('integers beyond 2^53 become exact strings; everything else is JSON.parse', () => {
		expect(parseJsonKeepingLongs('{"a":9007199254740993,"b":[-9223372036854775807,1],"c":9007199254740991}')).toEqual({ a: '9007199254740993', b: ['-9223372036854775807', 1], c: 9007199254740991 });
	});

	test('digits inside strings, decimals and exponents are left alone', () => {
		const source = '{"p":"{\\"crmId\\":12345678901234567890}","q":"a\\"b 12345678901234567890","f":1.12345678901234567890,"e":12345678901234567890e2}';
		expect(parseJsonKeepingLongs(source)).toEqual(JSON.parse(source));
	});

	test('a byte-order mark is skipped; broken JSON still throws', () => {
		expect(parseJsonKeepingLongs('\ufeff{"a":1}')).toEqual({ a: 1 });
		expect(() => parseJsonKeepingLongs('{"a":12345678901234567890')).toThrow();
	});
});
