'use strict';
// A stand-in CRM for the example workflows: records every request it receives and answers 200, or 503
// while `down` is set (the request is recorded with the status it got).
const http = require('http');

async function startCapture() {
	const requests = [];
	const capture = { down: false };
	const server = http.createServer((request, response) => {
		let body = '';
		request.on('data', (chunk) => (body += chunk));
		request.on('end', () => {
			let json;
			try {
				json = JSON.parse(body);
			} catch {
				json = undefined;
			}
			const status = capture.down ? 503 : 200;
			requests.push({ method: request.method, path: request.url, headers: request.headers, body, json, status, at: Date.now() });
			response.writeHead(status, { 'content-type': 'application/json' }).end(capture.down ? '{"error":"down"}' : '{"ok":true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return Object.assign(capture, {
		url: `http://127.0.0.1:${server.address().port}`,
		requests,
		to: (route) => requests.filter((request) => request.path === route),
		stop: () => new Promise((resolve) => server.close(resolve)),
	});
}

/** The example with its CRM URLs pointed at the capture server. */
function withCrm(workflow, capture) {
	for (const node of workflow.nodes) {
		if (node.type === 'n8n-nodes-base.httpRequest') node.parameters.url = node.parameters.url.replace('https://crm.example.com', capture.url);
	}
	return workflow;
}

module.exports = { startCapture, withCrm };
