'use strict';
// Delivers callbacks like Byai: POST the JSON, only HTTP 200 with body "success" counts, retry on a
// (shortened, configurable) schedule. Deliveries to one URL go one at a time, in event order.

const DEFAULT_CONFIG = {
	callRecordUrl: null,
	taskStatusUrl: null,
	taskStatusEnabled: true,
	contentType: 'application/json',
	repeatDelivered: 0,
	// Byai waits 10 s, 30 s, 1 min ... (27 retries over ~26 h); the sandbox keeps the shape, scaled down.
	retryScheduleMs: [100, 300, 600, 1200, 2400],
};

class CallbackDispatcher {
	constructor({ retryScheduleMs, log } = {}) {
		this.config = { ...DEFAULT_CONFIG, ...(retryScheduleMs ? { retryScheduleMs } : {}) };
		this.defaults = { ...this.config };
		this.deliveries = [];
		this.queues = new Map(); // url → promise chain keeping per-URL order
		this.timers = new Set();
		this.pending = 0;
		this.idleWaiters = [];
		this.log = log ?? (() => {});
		this.stopped = false;
	}

	reset() {
		this.config = { ...this.defaults };
		this.deliveries = [];
		this.queues.clear();
	}

	configure(changes) {
		const allowed = Object.keys(DEFAULT_CONFIG);
		for (const [key, value] of Object.entries(changes ?? {})) {
			if (!allowed.includes(key)) throw new Error(`unknown callback setting "${key}" (allowed: ${allowed.join(', ')})`);
			this.config[key] = value;
		}
		return this.config;
	}

	urlFor(type) {
		if (type === 'taskStatus') return this.config.taskStatusEnabled ? this.config.taskStatusUrl : null;
		return this.config.callRecordUrl;
	}

	/** Queues a callback; returns the delivery record (or null when no URL is configured for it). */
	send(type, payload, meta = {}) {
		const url = this.urlFor(type);
		if (!url || this.stopped) return null;
		const delivery = {
			id: this.deliveries.length + 1,
			type,
			dataType: payload?.data?.dataType ?? null,
			url,
			attempts: 0,
			delivered: false,
			failed: false,
			lastHttpStatus: null,
			lastBody: null,
			firstFailedAt: null,
			payload,
			...meta,
		};
		this.deliveries.push(delivery);
		this.enqueue(delivery, this.config.repeatDelivered);
		return delivery;
	}

	enqueue(delivery, repeats) {
		this.pending++;
		const previous = this.queues.get(delivery.url) ?? Promise.resolve();
		const next = previous.then(() => this.attempt(delivery, repeats));
		this.queues.set(delivery.url, next.catch(() => {}));
	}

	async attempt(delivery, repeats) {
		if (this.stopped) return this.settle();
		delivery.attempts++;
		const body = JSON.stringify(delivery.payload);
		const contentType = this.config.contentType === 'text/plain' ? 'text/plain;charset=utf-8' : 'application/json;charset=utf-8';
		try {
			const response = await fetch(delivery.url, { method: 'POST', headers: { 'content-type': contentType }, body, signal: AbortSignal.timeout(10_000) });
			delivery.lastHttpStatus = response.status;
			delivery.lastBody = (await response.text()).slice(0, 200);
		} catch (error) {
			delivery.lastHttpStatus = null;
			delivery.lastBody = String(error.cause?.code ?? error.message);
		}
		if (delivery.lastHttpStatus === 200 && delivery.lastBody.trim() === 'success') {
			delivery.delivered = true;
			if (repeats > 0) {
				// Byai can deliver the same callback again after a lost "success": replay it.
				const replay = { ...delivery, id: this.deliveries.length + 1, attempts: 0, delivered: false, firstFailedAt: null, repeatOf: delivery.id };
				this.deliveries.push(replay);
				this.enqueue(replay, repeats - 1);
			}
			return this.settle();
		}
		delivery.firstFailedAt ??= Date.now();
		const wait = this.config.retryScheduleMs[delivery.attempts - 1];
		if (wait === undefined) {
			delivery.failed = true;
			this.log(`callback ${delivery.type} #${delivery.id} to ${delivery.url} undelivered after ${delivery.attempts} attempts`);
			return this.settle();
		}
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			this.pending--;
			this.enqueue(delivery, repeats);
		}, wait);
		this.timers.add(timer);
		return undefined;
	}

	settle() {
		this.pending--;
		if (this.pending === 0) for (const resolve of this.idleWaiters.splice(0)) resolve(true);
	}

	waitIdle(timeoutMs = 10_000) {
		if (this.pending === 0) return Promise.resolve(true);
		return new Promise((resolve) => {
			const timer = setTimeout(() => resolve(false), timeoutMs);
			this.idleWaiters.push((value) => {
				clearTimeout(timer);
				resolve(value);
			});
		});
	}

	/** Call records whose delivery failed at least once and is not delivered yet (queryUnCallBack). */
	undelivered() {
		return this.deliveries.filter((d) => !d.delivered && d.firstFailedAt && (d.type === 'callRecord' || d.type === 'inboundCallRecord'));
	}

	stop() {
		this.stopped = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const resolve of this.idleWaiters.splice(0)) resolve(true);
	}
}

module.exports = { CallbackDispatcher, DEFAULT_CONFIG };
