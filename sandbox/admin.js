'use strict';
// The admin API (unsigned JSON under /admin): what Byai support and the CRM pages do by hand, plus
// the test controls (reset, request log, faults, clock, callbacks, dialer, bulk data).
const { callRecordPayload, intentionChangePayload, taskPayload } = require('./calls');

const CALLBACK_TYPES = ['callRecord', 'taskStatus', 'manualIntentionChange', 'inboundCallRecord'];

const toNumber = (value) => (value === undefined || value === null || value === '' ? undefined : Number(value));

function createAdmin(sandbox) {
	const { faults, callbacks } = sandbox;
	const account = () => sandbox.account;

	/** The call a callback is about: the given one, the task's latest, or a made-up one (stored when `store`). */
	function callFor({ taskId, callInstanceId, companyId = 3811 }, store) {
		if (callInstanceId !== undefined) return account().call(Number(callInstanceId));
		if (taskId !== undefined) {
			const call = account().task(Number(taskId)).done.at(-1);
			if (!call) throw new Error(`task ${taskId} has no finished call yet`);
			return call;
		}
		return account().demoCall(Number(companyId), { store });
	}

	/** A realistic payload of a callback type; `store` false = no state change (samples). */
	function callbackPayload(request, store) {
		const { type, grade = 'B', status, companyId = 3811 } = request;
		switch (type) {
			case 'callRecord':
				return callRecordPayload(callFor(request, store));
			case 'manualIntentionChange': {
				const call = callFor(request, store);
				return store ? account().changeIntention(call.sceneInstance.callInstanceId, grade) : intentionChangePayload(call, grade);
			}
			case 'taskStatus': {
				const task = request.taskId !== undefined ? account().task(Number(request.taskId)) : account().demoTask(Number(companyId), { store });
				return taskPayload({ ...task, status: toNumber(status) ?? task.status }, sandbox.clock());
			}
			case 'inboundCallRecord':
				return account().inboundCall(Number(companyId), { store });
			default:
				throw new Error(`callback "type" must be one of ${CALLBACK_TYPES.join(', ')}`);
		}
	}

	const routes = {
		'POST /admin/reset': (body) => {
			sandbox.reset(body.seed);
			return { ok: true, seed: account().seed };
		},
		'GET /admin/state': () => ({ ...account().snapshot(), callbacksPending: callbacks.pending, deliveries: callbacks.deliveries.length, faults: faults.list.length, clockOffsetMs: sandbox.clockOffsetMs }),

		'GET /admin/requests': (_body, query) => ({ requests: sandbox.requestLog().filter((r) => !query.path || r.path.includes(query.path)) }),
		'DELETE /admin/requests': () => {
			sandbox.requestLog().length = 0;
			return { ok: true };
		},

		'GET /admin/faults': () => ({ faults: faults.list }),
		'POST /admin/faults': (body) => faults.add(body),
		'DELETE /admin/faults': () => {
			faults.clear();
			return { ok: true };
		},

		'POST /admin/clock': (body) => {
			const offsetMs = Number(body.offsetMs ?? 0);
			if (!Number.isFinite(offsetMs)) throw new Error('"offsetMs" must be a number of ms');
			sandbox.clockOffsetMs = offsetMs;
			return { clockOffsetMs: offsetMs, now: new Date(sandbox.clock()).toUTCString() };
		},

		'GET /admin/callbacks/config': () => callbacks.config,
		'POST /admin/callbacks/config': (body) => callbacks.configure(body),
		'GET /admin/callbacks/deliveries': () => ({ deliveries: callbacks.deliveries }),
		'POST /admin/callbacks/wait-idle': async (body) => ({ idle: await callbacks.waitIdle(body.timeoutMs ?? 10_000), pending: callbacks.pending }),
		'GET /admin/callbacks/sample': (_body, query) => ({ payload: callbackPayload({ ...query, companyId: toNumber(query.companyId) ?? 3811 }, false) }),
		'POST /admin/callbacks/fire': (body) => {
			const payload = callbackPayload(body, true);
			const delivery = callbacks.send(body.type, payload, { fired: true });
			return { payload, deliveryId: delivery?.id ?? null, url: delivery?.url ?? null };
		},

		'POST /admin/dialer': (body) => {
			const changes = {};
			if (body.paused !== undefined) changes.paused = Boolean(body.paused);
			if (body.callIntervalMs !== undefined) {
				if (!(Number(body.callIntervalMs) >= 1)) throw new Error('"callIntervalMs" must be >= 1');
				changes.callIntervalMs = Number(body.callIntervalMs);
			}
			return account().configureDialer(changes);
		},
		'POST /admin/dialer/advance': (body) => account().advance({ taskId: toNumber(body.taskId), calls: toNumber(body.calls), untilDone: Boolean(body.untilDone) }),
		'POST /admin/tasks/status': (body) => {
			const task = account().task(Number(body.taskId));
			account().setStatus(task, Number(body.status));
			return { taskId: task.callJobId, status: task.status };
		},
		'POST /admin/seats': (body) => {
			const company = account().company(Number(body.companyId));
			if (!(Number.isInteger(body.seats) && body.seats >= 0)) throw new Error('"seats" must be a whole number >= 0');
			company.seats = body.seats;
			account().promoteQueued(company.companyId);
			return { companyId: company.companyId, seats: company.seats };
		},
		'POST /admin/seed/done-calls': (body) => account().seedDoneCalls(Number(body.companyId ?? 3811), Number(body.count ?? 100)),
	};

	return async function admin(req, res, url, text, send) {
		const route = routes[`${req.method} ${url.pathname}`];
		if (!route) return send(res, 404, { error: `no admin route ${req.method} ${url.pathname}`, routes: Object.keys(routes) });
		try {
			const body = text ? JSON.parse(text) : {};
			return send(res, 200, (await route(body ?? {}, Object.fromEntries(url.searchParams))) ?? { ok: true });
		} catch (error) {
			// Errors are the caller's: bad JSON, a bad setting or an id the sandbox does not know.
			return send(res, 400, { error: error.message });
		}
	};
}

module.exports = { createAdmin };
