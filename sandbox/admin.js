'use strict';
// The admin API: what Byai support and the CRM pages do by hand, plus the test controls.

function createAdmin(sandbox) {
	const { account, faults, callbacks } = sandbox;
	const routes = {
		'POST /admin/reset': (body) => {
			sandbox.reset(body.seed);
			return { ok: true, seed: account.seed };
		},
		'GET /admin/state': () => ({ ...account.snapshot(), callbacksPending: callbacks.pending, clockOffsetMs: sandbox.clockOffsetMs }),
		'GET /admin/requests': (_body, url) => {
			const filter = url.searchParams.get('path');
			return { requests: sandbox.requestLog().filter((r) => !filter || r.path.includes(filter)) };
		},
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
			sandbox.clockOffsetMs = Number(body.offsetMs ?? 0);
			return { clockOffsetMs: sandbox.clockOffsetMs };
		},
		'GET /admin/callbacks/config': () => callbacks.config,
		'POST /admin/callbacks/config': (body) => callbacks.configure(body),
		'GET /admin/callbacks/deliveries': () => ({ deliveries: callbacks.deliveries }),
		'POST /admin/callbacks/wait-idle': async (body) => ({ idle: await callbacks.waitIdle(body.timeoutMs ?? 10_000) }),
		'GET /admin/callbacks/sample': (_body, url) => ({ payload: sandbox.callbackPayload({ type: url.searchParams.get('type') }) }),
		'POST /admin/callbacks/fire': (body) => {
			const payload = sandbox.callbackPayload(body);
			const delivery = callbacks.send(body.type, payload, { fired: true });
			return { payload, deliveryId: delivery?.id ?? null, url: delivery?.url ?? null };
		},
		'POST /admin/dialer': (body) => {
			Object.assign(account.dialerConfig, body);
			sandbox.restartDialer();
			return account.dialerConfig;
		},
		'POST /admin/dialer/advance': (body) => account.advance(body),
		'POST /admin/seed/done-calls': (body) => account.seedDoneCalls(Number(body.companyId ?? 3811), Number(body.count ?? 100)),
	};

	return async function admin(req, res, url, readBody, send) {
		const route = routes[`${req.method} ${url.pathname}`];
		if (!route) return send(res, 404, { error: `no admin route ${req.method} ${url.pathname}`, routes: Object.keys(routes) });
		const text = await readBody(req);
		try {
			return send(res, 200, (await route(text ? JSON.parse(text) : {}, url)) ?? { ok: true });
		} catch (error) {
			return send(res, 400, { error: error.message });
		}
	};
}

module.exports = { createAdmin };
