// Recognising Byai's repeated deliveries.
//
// Byai retries a callback up to 27 times over ~26 h 46 min when it did not get "success" back, and a retry
// can arrive although the first delivery was processed (the answer got lost on the way). Each record
// therefore gets a key, and a key seen recently starts no second execution.
//
// Where the window lives:
// - In this process's memory, per workflow and node: the whole window, keys of Byai's retry span (27 h),
//   at most `size` of them. n8n loads static data from the database at the start of every request, so
//   two copies of one callback arriving together both see the old copy; memory catches the second one.
// - In the workflow's static data (`getWorkflowStaticData('node').seenCallbacks`), so it survives a
//   restart. The trigger's execute() writes it, in the execution each callback starts (it passes the
//   items on): n8n saves static data a node changed when the execution ends, on both versions, and waits
//   for running executions when it shuts down. The save n8n makes when it answers a webhook cannot be
//   relied on: n8n 2.x builds the execution's Workflow over the same static-data object, which clears its
//   "changed" mark, so a window written by webhook() is dropped whenever the callback starts an execution
//   (measured on 2.41.1: 199 of 200 resends after a restart ran again). webhook() still writes it (at most
//   every SAVE_INTERVAL_MS, for requests that start nothing and for n8n 1.x, where the answer comes first).
// - The saved copy is a view of this process's window, turned into JSON when n8n writes it: a save that
//   lands late (a slow execution) still holds every key added until then. execute() puts it into every
//   execution's static data without marking it changed, so a save caused by another node writes the
//   current window instead of the copy loaded with the request.
// - Saves are database writes: one at most every SAVE_INTERVAL_MS during a burst, plus one by the
//   execution of the newest key, so the last callbacks before a restart are saved too.
// - Only the keys of the last SAVED_SPAN_SECONDS (at most SAVED_MAX_KEYS) are saved: n8n 1.x stores the
//   workflow's static data with every execution, and a full window would add up to ~200 KB to each one.
//   After a restart that is enough: Byai resends after 10 s, 30 s, 1 min..., so a repeat of a delivery
//   that succeeded comes within minutes; a later one follows deliveries that failed.
// - A key is remembered when the callback is read, before n8n creates the execution. If n8n then fails to
//   create it, n8n 2.x answers Byai with an error; the trigger sees that answer and forgets the keys of
//   that request (`settle`), so Byai's resend starts the execution.
// Limits: n8n 1.x mostly answers before it creates the execution, so there a failed creation usually goes
// unseen and Byai's resend is taken for a repeat by this process. A copy arriving while the first request
// still waits for n8n is answered as a repeat; if the first then fails, Byai has its "success" for the copy
// and does not resend. A request whose caller hung up before the answer keeps its keys (n8n went on).
// Queue mode: executions run on workers, which hold no window and so write none: a worker starts from
// empty static data (the execution carries none), and a window written there would erase the saved one.
// Each webhook process has its own memory; they share the database copy only through the saves n8n makes
// when it answers (n8n 1.x, or requests that start nothing on 2.x), last writer wins. A repeat reaching
// another process can start a second execution: the items' dedupe fields let a claim downstream catch it.
// The editor's test URL (manual mode) does no dedupe: n8n does not save static data there and every test
// event shows.
import { createHash, randomUUID } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { CallbackRecord } from './callbacks';
import { callOf, rowGrade } from './callbacks';

/** Byai stops retrying after ~26 h 46 min; a key is kept a little longer. */
export const RETRY_SPAN_SECONDS = 27 * 3600;
/**
 * A task-status callback without a modification time cannot be told from the next identical one (a task
 * paused by the system again the next day sends the same body). Such a repeat counts only within this time.
 */
export const UNTIMED_REPEAT_SECONDS = 10 * 60;

/**
 * What makes a record a repeat. A record is a repeat when its subject was seen with the same state within
 * the subject's repeat time and no other state came in between (A → B → A are three changes; A, A is one).
 */
export interface RecordIdentity {
	/** What the record is about: a call attempt, a task state, the intention level of a call. */
	subject: string;
	/** For state-like events (an intention level, a task status without a modification time): the state. */
	state?: string;
}

const hash = (value: unknown, length = 16) => createHash('sha1').update(JSON.stringify(value)).digest('base64').slice(0, length);
const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
const isId = (value: unknown) => (typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && /^\d+$/.test(value));
/** The record without the delivery-specific signature fields. */
const content = (data: IDataObject) => Object.fromEntries(Object.entries(data).filter(([key]) => key !== 'sign' && key !== 'dateTime'));

/**
 * Subject prefixes: c call, i inbound call, t task state with a modification time, T task state without one,
 * g intention change, u unknown body.
 */
export function recordIdentity({ callback, row }: CallbackRecord): RecordIdentity {
	switch (callback.event) {
		case 'callFinished':
		case 'inboundCallFinished': {
			const call = callOf(callback);
			const prefix = callback.event === 'callFinished' ? 'c' : 'i';
			const id = callback.event === 'callFinished' ? call.callInstanceId : call.inboundInstanceId;
			// A re-dial reuses the call instance: the outcome and start time tell the attempts apart.
			if (isId(id)) return { subject: `${prefix}:${text(id)}:${text(call.finishStatus)}${call.startTime ? `:${hash(call.startTime, 6)}` : ''}` };
			return { subject: `${prefix}:#${hash(content(callback.data))}` };
		}
		case 'taskStatusChanged': {
			const task = callback.normalized;
			const modified = task.gmtModified ?? task.updateTime;
			if (modified !== undefined && modified !== null) return { subject: `t:${text(task.callJobId)}:${text(task.status)}:${hash(modified, 6)}` };
			return { subject: `T:${text(task.callJobId)}`, state: `${text(task.status)}:${hash(content(task))}` };
		}
		case 'intentionChanged': {
			const current = row ?? {};
			if (!isId(current.sceneInstanceId)) return { subject: `g:#${hash(current)}` };
			return { subject: `g:${text(current.sceneInstanceId)}`, state: rowGrade(current) ?? text(current.resultValue) };
		}
		default:
			return { subject: `u:${hash(callback.envelope)}` };
	}
}

const ttlOf = (subject: string) => (subject.startsWith('T:') ? UNTIMED_REPEAT_SECONDS : RETRY_SPAN_SECONDS);

/**
 * The fields every item carries, so that a claim downstream (in a database shared by all n8n processes)
 * decides exactly as the window does: Byai's resends of a record carry the same values, a new event other
 * ones. `dedupeKey` alone tells one-off events apart (a call attempt, a timed task change); a state reached
 * again (A → B → A, a task paused by the system again the next day) gets its earlier key back, so a claim
 * keyed on `dedupeSubject` counts it as new when the subject's last claimed key differs or that claim is
 * older than `dedupeRepeatSeconds`.
 */
export function dedupeFields({ subject, state }: RecordIdentity): IDataObject {
	return { dedupeKey: state ? `${subject}=${state}` : subject, dedupeSubject: subject, dedupeRepeatSeconds: ttlOf(subject) };
}

interface Seen {
	/** Unix seconds of the first delivery. */
	at: number;
	state: string;
}
/** Stored as { key: seenAt } or { key: [seenAt, state] }. */
type StoredSeen = number | [number, string];

const STATIC_KEY = 'seenCallbacks';
/** Who wrote the saved copy: a copy this process wrote holds nothing its memory lacks (and may be older). */
const WRITER_KEY = 'seenCallbacksWriter';
let processToken = randomUUID();
/** Shortest time between two writes of one window by one path (webhook answer, execution). */
export const SAVE_INTERVAL_MS = 5000;
/** What the saved copy keeps: the keys of the last 30 minutes, at most 500 of them. */
export const SAVED_SPAN_SECONDS = 30 * 60;
export const SAVED_MAX_KEYS = 500;

/**
 * Per process: the entry each new entry replaced, kept until n8n has answered the request that added it
 * (a started one needs no way back), and the entries of requests n8n did not start.
 */
const replaced = new WeakMap<Seen, Seen | undefined>();
const unstarted = new WeakSet<Seen>();

/** When one path last wrote the window, and whether keys changed since. */
interface SaveState {
	savedAt: number;
	unsaved: boolean;
}
const saveDue = (state: SaveState, nowMs: number) => state.unsaved && nowMs - state.savedAt >= SAVE_INTERVAL_MS;

/** Per process: workflow + node → keys in order of first delivery, and the state of their saved copy. */
interface ProcessWindow {
	seen: Map<string, Seen>;
	/** The subject added last: the execution that carries it saves what is pending. */
	newest: string | undefined;
	/** Writes by webhook() (saved by n8n when it answers, if at all) and by execute() (saved at its end). */
	answer: SaveState;
	execution: SaveState;
	/** The saved copy: the recent part of `seen`, taken when n8n turns static data into JSON. */
	view: { toJSON(): Record<string, StoredSeen> };
}
const windows = new Map<string, ProcessWindow>();

function processWindow(scope: string): ProcessWindow {
	let window = windows.get(scope);
	if (!window) {
		const seen = new Map<string, Seen>();
		window = {
			seen,
			newest: undefined,
			answer: { savedAt: 0, unsaved: false },
			execution: { savedAt: 0, unsaved: false },
			view: { toJSON: () => savedCopy(seen, Math.floor(Date.now() / 1000)) },
		};
		windows.set(scope, window);
	}
	return window;
}

function savedCopy(seen: Map<string, Seen>, now: number): Record<string, StoredSeen> {
	const recent = [...seen].filter(([key, entry]) => entry.at > now - SAVED_SPAN_SECONDS && entry.at + ttlOf(key) > now);
	const stored: Record<string, StoredSeen> = {};
	for (const [key, entry] of recent.slice(-SAVED_MAX_KEYS)) stored[key] = entry.state ? [entry.at, entry.state] : entry.at;
	return stored;
}

/** Puts this process's window into static data; `changed` marks it for n8n's next save. */
function writeWindow(staticData: IDataObject, window: ProcessWindow, changed: boolean): void {
	if (changed) {
		staticData[STATIC_KEY] = window.view as unknown as IDataObject;
		staticData[WRITER_KEY] = processToken;
		return;
	}
	// Defined, not assigned: n8n's static data notices assignments only.
	for (const [key, value] of [[STATIC_KEY, window.view], [WRITER_KEY, processToken]] as const) {
		Object.defineProperty(staticData, key, { value, enumerable: true, writable: true, configurable: true });
	}
}

/**
 * In the execution a callback started (the trigger's execute(), with the dedupe subjects of its items):
 * when this process holds keys not yet saved, writes its window into the execution's static data, which
 * n8n saves when the execution ends, at most every SAVE_INTERVAL_MS or when these items carry the newest
 * key. A process without this window (a queue-mode worker) writes nothing. Returns whether it wrote.
 */
export function saveInExecution(staticData: IDataObject, scope: string, subjects: unknown[], nowMs = Date.now()): boolean {
	const window = windows.get(scope);
	if (!window) return false;
	const due = saveDue(window.execution, nowMs) || (window.execution.unsaved && subjects.includes(window.newest));
	writeWindow(staticData, window, due);
	if (!due) return false;
	window.execution.unsaved = false;
	window.execution.savedAt = nowMs;
	return true;
}

/** Forgets what this process remembered, as a restart would (tests). */
export function forgetProcessMemory(): void {
	windows.clear();
	processToken = randomUUID();
}

export class DedupeWindow {
	private readonly memory: ProcessWindow;
	private readonly seen: Map<string, Seen>;
	private readonly nowMs: number;
	private readonly now: number;
	/** The entries this request added (undone by settle() if n8n did not start the execution). */
	private readonly added: Array<{ key: string; entry: Seen }> = [];
	private saved = false;

	/**
	 * @param staticData the node's static data as n8n loaded it for this request
	 * @param scope workflow id + node id
	 * @param size how many keys to keep (at least 1; the trigger builds no window for 0)
	 */
	constructor(
		private readonly staticData: IDataObject,
		scope: string,
		private readonly size: number,
		now = Date.now(),
	) {
		this.nowMs = now;
		this.now = Math.floor(now / 1000);
		this.memory = processWindow(scope);
		this.seen = this.memory.seen;
		// Merging our own older copy would bring back keys the window has since let go.
		if (staticData[WRITER_KEY] !== processToken) this.merge(staticData[STATIC_KEY]);
	}

	/** Adds what the database copy knows and memory does not (a restart, or another process). */
	private merge(stored: unknown): void {
		if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return;
		const oldest = this.seen.size >= this.size ? this.seen.values().next().value?.at : undefined;
		const added: Array<[string, Seen]> = [];
		for (const [key, value] of Object.entries(stored as Record<string, StoredSeen>)) {
			const entry: Seen | undefined = typeof value === 'number' ? { at: value, state: '' } : Array.isArray(value) && typeof value[0] === 'number' ? { at: value[0], state: String(value[1] ?? '') } : undefined;
			if (!entry || this.expired(key, entry)) continue;
			const known = this.seen.get(key);
			if (known && known.at >= entry.at) continue;
			// Older than everything a full window holds: it would be trimmed right away.
			if (!known && oldest !== undefined && entry.at < oldest) continue;
			added.push([key, entry]);
		}
		if (!added.length) return;
		for (const [key, entry] of added) this.seen.set(key, entry);
		this.reorder();
		this.trim();
	}

	/** Puts the keys back in order of first delivery, which trim() and the saved copy rely on. */
	private reorder(): void {
		const ordered = [...this.seen.entries()].sort((a, b) => a[1].at - b[1].at);
		this.seen.clear();
		for (const [key, entry] of ordered) this.seen.set(key, entry);
	}

	private expired(key: string, entry: Seen): boolean {
		return entry.at + ttlOf(key) <= this.now;
	}

	private trim(): void {
		for (const key of this.seen.keys()) {
			if (this.seen.size <= this.size) break;
			this.seen.delete(key);
		}
	}

	/** Whether this record was delivered before; if not, it is remembered from now on. */
	firstDelivery({ subject: key, state = '' }: RecordIdentity): boolean {
		const known = this.seen.get(key);
		if (known && !this.expired(key, known) && known.state === state) return false;
		const entry = { at: this.now, state };
		replaced.set(entry, known && !this.expired(key, known) ? known : undefined);
		this.added.push({ key, entry });
		this.seen.delete(key);
		this.seen.set(key, entry);
		this.trim();
		this.memory.newest = key;
		this.changed();
		return true;
	}

	private changed(): void {
		this.memory.answer.unsaved = true;
		this.memory.execution.unsaved = true;
	}

	/**
	 * Called with n8n's answer to this request. If n8n did not start the execution, this request's keys are
	 * undone: a key goes back to the last entry before it whose execution did start, unless another request
	 * has changed it since (that request's own undo then skips this one), and the window is written again
	 * by the next request and the next execution (this request's write was not saved, and no execution
	 * will carry its keys).
	 */
	settle(started: boolean): void {
		if (started) {
			for (const { entry } of this.added) replaced.delete(entry);
			this.added.length = 0;
			return;
		}
		let restored = false;
		for (const { key, entry } of this.added.reverse()) {
			unstarted.add(entry);
			if (this.seen.get(key) !== entry) continue;
			this.seen.delete(key);
			let previous = replaced.get(entry);
			while (previous && unstarted.has(previous)) previous = replaced.get(previous);
			if (previous && !this.expired(key, previous)) {
				this.seen.set(key, previous);
				restored = true;
			}
		}
		if (restored) this.reorder();
		this.added.length = 0;
		this.changed();
		this.memory.execution.savedAt = 0;
		if (this.saved) this.memory.answer.savedAt = 0;
	}

	/**
	 * Writes the window into static data for the save n8n makes when it answers, when it holds keys the
	 * last such write lacked and that write is SAVE_INTERVAL_MS old.
	 */
	save(): void {
		if (!saveDue(this.memory.answer, this.nowMs)) return;
		this.memory.answer.unsaved = false;
		this.memory.answer.savedAt = this.nowMs;
		this.saved = true;
		writeWindow(this.staticData, this.memory, true);
	}
}
