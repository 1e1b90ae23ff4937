'use strict';
// Delivers callbacks like Byai: POST the JSON text, only HTTP 200 with the body "success" counts,
// otherwise retry on a (shortened, configurable) schedule. Per URL one delivery at a time, first
// attempts in event order; a retry waits its delay and then queues behind what is there.
// At most MAX_IN_FLIGHT deliveries are on the wire across all URLs.

const { omit } = require('./util');

const MAX_IN_FLIGHT = 8;
const USER_AGENT = 'Apache-HttpClient/4.5.6 (Java/1.8.0_161)';
const CONTENT_TYPES = { 'application/json': 'application/json;charset=utf-8', 'text/plain': 'text/plain;charset=utf-8' };

/** The state a new delivery (or a replay) starts with. */
const freshState = () => ({ attempts: 0, attemptTimes: [], delivered: false, failed: false, lastHttpStatus: null, lastBody: null, firstFailedAt: null });

const DEFAULT_CONFIG = {
	callRecordUrl: null, // 通话记录回调地址: call records, manual intention changes, inbound calls
	taskStatusUrl: null, // 任务回调地址
	taskStatusEnabled: true, // the task-status callback needs enabling at Byai
	contentType: 'application/json', // 'text/plain' = private cloud
	repeatDelivered: 0, // send a delivered callback this many extra times (lost "success" replies)
	// Byai waits 10 s, 30 s, 1 min, 2 min ... (27 retries over ~26 h); the sandbox keeps the shape in ms.
	retryScheduleMs: [100, 300, 600, 1200, 2400],
	timeoutMs: 10_000, // per attempt
};

function checkSetting(key, value) {
	const fail = (expected) => {
		throw new Error(`callback setting ${key} must be ${expected}, got ${JSON.stringify(value)}`);
	};
	if (!(key in DEFAULT_CONFIG)) throw new Error(`unknown callback setting "${key}" (allowed: ${Object.keys(DEFAULT_CONFIG).join(', ')})`);
	if ((key === 'callRecordUrl' || key === 'taskStatusUrl') && value !== null && !/^https?:\/\//.test(String(value))) fail('an http(s) URL or null');
	if (key === 'taskStatusEnabled' && typeof value !== 'boolean') fail('true or false');
	if (key === 'contentType' && !(value in CONTENT_TYPES)) fail(Object.keys(CONTENT_TYPES).join(' or '));
	if ((key === 'repeatDelivered' || key === 'timeoutMs') && !(Number.isInteger(value) && value >= 0)) fail('a whole number >= 0');
	if (key === 'retryScheduleMs' && !(Array.isArray(value) && value.every((ms) => Number.isFinite(ms) && ms >= 0))) fail('an array of delays in ms');
}

class CallbackDispatcher {
	constructor({ retryScheduleMs, log } = {}) {
		this.defaults = { ...DEFAULT_CONFIG, ...(retryScheduleMs ? { retryScheduleMs } : {}) };
		this.log = log ?? (() => {});
		this.stopped = false;
		this.idleWaiters = [];
		this.reset();
	}

	/** Forgets every delivery (pending retries and requests on the wire included) and the settings. */
	reset() {
		for (const timer of this.timers ?? []) clearTimeout(timer);
		for (const controller of this.controllers ?? []) controller.abort();
		this.config = { ...this.defaults };
		this.deliveries = [];
		this.queues = new Map(); // url → deliveries waiting for their turn
		this.busyUrls = new Set();
		this.timers = new Set();
		this.controllers = new Set();
		this.pending = 0; // deliveries neither delivered nor given up
		this.generation = (this.generation ?? 0) + 1;
		this.settleIdle();
	}

	configure(changes) {
		for (const [key, value] of Object.entries(changes ?? {})) checkSetting(key, value);
		Object.assign(this.config, changes);
		return this.config;
	}

	urlFor(type) {
		if (type === 'taskStatus') return this.config.taskStatusEnabled ? this.config.taskStatusUrl : null;
		return this.config.callRecordUrl;
	}

	/** Queues a callback; returns the delivery record, or null when no URL is set for its type. */
	send(type, payload, meta = {}) {
		const url = this.urlFor(type);
		if (!url || this.stopped) return null;
		return this.track({ type, dataType: payload?.data?.dataType ?? null, url, payload, ...meta }, this.config.repeatDelivered);
	}

	track(fields, repeats) {
		const delivery = { id: this.deliveries.length + 1, ...fields, ...freshState() };
		Object.defineProperty(delivery, 'repeats', { value: repeats, writable: true }); // internal, not listed
		this.deliveries.push(delivery);
		this.pending++;
		this.enqueue(delivery);
		return delivery;
	}

	enqueue(delivery) {
		if (!this.queues.has(delivery.url)) this.queues.set(delivery.url, []);
		this.queues.get(delivery.url).push(delivery);
		this.pump();
	}

	pump() {
		for (const [url, queue] of this.queues) {
			if (this.controllers.size >= MAX_IN_FLIGHT) return;
			if (!queue.length || this.busyUrls.has(url)) continue;
			const busy = this.busyUrls;
			busy.add(url);
			this.attempt(queue.shift()).finally(() => {
				busy.delete(url);
				if (busy === this.busyUrls) this.pump(); // not after a reset: that queue is gone
			});
		}
	}

	async attempt(delivery) {
		const generation = this.generation;
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), this.config.timeoutMs);
		this.controllers.add(controller);
		delivery.attempts++;
		delivery.attemptTimes.push(Date.now());
		try {
			const response = await fetch(delivery.url, {
				method: 'POST',
				headers: { 'content-type': CONTENT_TYPES[this.config.contentType], 'user-agent': USER_AGENT },
				body: JSON.stringify(delivery.payload),
				signal: controller.signal,
			});
			delivery.lastHttpStatus = response.status;
			delivery.lastBody = (await response.text()).slice(0, 500);
		} catch (error) {
			delivery.lastHttpStatus = null;
			delivery.lastBody = String(error.cause?.code ?? error.name ?? error.message);
		} finally {
			clearTimeout(timer);
			this.controllers.delete(controller);
		}
		if (generation !== this.generation) return; // reset or stopped meanwhile
		if (delivery.lastHttpStatus === 200 && delivery.lastBody.trim() === 'success') return this.delivered(delivery);
		this.failedAttempt(delivery);
	}

	delivered(delivery) {
		delivery.delivered = true;
		if (delivery.repeats > 0) {
			// Byai sends a callback again when it missed the "success" answer: replay it.
			const fields = omit(delivery, ['id', ...Object.keys(freshState())]);
			this.track({ ...fields, repeatOf: delivery.id }, delivery.repeats - 1);
		}
		this.settle();
	}

	failedAttempt(delivery) {
		delivery.firstFailedAt ??= Date.now();
		const wait = this.config.retryScheduleMs[delivery.attempts - 1];
		if (wait === undefined) {
			delivery.failed = true;
			this.log(`callback ${delivery.type} #${delivery.id} to ${delivery.url} given up after ${delivery.attempts} attempts`);
			return this.settle();
		}
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			this.enqueue(delivery);
		}, wait);
		this.timers.add(timer);
	}

	settle() {
		this.pending--;
		if (this.pending === 0) this.settleIdle();
	}

	settleIdle() {
		for (const resolve of this.idleWaiters.splice(0)) resolve(true);
	}

	/** Resolves true when nothing is pending (retries included), false after timeoutMs. */
	waitIdle(timeoutMs = 10_000) {
		if (this.pending === 0) return Promise.resolve(true);
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.idleWaiters.splice(this.idleWaiters.indexOf(done), 1);
				resolve(false);
			}, timeoutMs);
			const done = (value) => {
				clearTimeout(timer);
				resolve(value);
			};
			this.idleWaiters.push(done);
		});
	}

	/** Call records of `type` whose delivery failed at least once and has not succeeded (queryUnCallBack). */
	undelivered(type) {
		return this.deliveries.filter((d) => d.type === type && !d.delivered && d.firstFailedAt !== null && d.repeatOf === undefined);
	}

	stop() {
		this.stopped = true;
		this.reset();
	}
}

module.exports = { CallbackDispatcher };
