// The API reference (sandbox/byai-api), read once for all tests: the contract the node, the trigger and
// the sandbox are checked against.
import { readFileSync } from 'fs';
import path from 'path';

const REFERENCE_DIR = process.env.BYAI_API_REFERENCE_DIR ?? path.resolve(__dirname, '../../sandbox/byai-api');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deep reference JSON, indexed freely by tests
const load = (name: string): any => JSON.parse(readFileSync(path.join(REFERENCE_DIR, name), 'utf8'));

export const endpointsJson = load('endpoints.json');
export const callbacksJson = load('callbacks.json');
