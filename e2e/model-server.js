'use strict';
// A scripted stand-in for an OpenAI chat model: no network, no real model. It speaks the chat-completions
// protocol n8n's OpenAI Chat Model node uses (tool calls, streaming when asked, /models for the credential
// test) and answers from a script: for this request, these tool calls or this text. It records every request,
// so tests can read what the tools returned to the model.
//
//   const model = await startModelServer({ script });
//   model.baseUrl      // the OpenAI credential's Base URL (…/v1)
//   model.requests     // every chat-completions request body, in order
//   model.toolResults(/user message/)   // what the tools answered in that conversation, parsed
//
// A script is a list of conversations: { when: RegExp (matched against the last user message), steps }.
// Step n answers the n-th model call after that message (n = assistant turns already in it). A step is
// { toolCalls: [{ name, arguments }] }, { content: 'text' }, or a function (conversation) => step, where
// conversation = { user, messages, toolResults, tools }. A request no script covers gets an HTTP 400 whose
// message says so (the OpenAI client does not retry it), and so does a tool the request did not offer.
const http = require('http');

const MODEL = 'byai-scripted';

const text = (content) => (Array.isArray(content) ? content.map((part) => part.text ?? '').join('') : String(content ?? ''));
const parse = (content) => {
	try {
		return JSON.parse(content);
	} catch {
		return content;
	}
};

/** The conversation a request carries: the last user message and what happened after it. */
function conversationOf(body) {
	const messages = body.messages ?? [];
	const lastUser = messages.map((message) => message.role).lastIndexOf('user');
	const after = messages.slice(lastUser + 1);
	const names = new Map(after.flatMap((message) => (message.tool_calls ?? []).map((call) => [call.id, call.function?.name])));
	return {
		user: lastUser === -1 ? '' : text(messages[lastUser].content),
		messages,
		turn: after.filter((message) => message.role === 'assistant').length,
		toolResults: after.filter((message) => message.role === 'tool').map((message) => ({ name: names.get(message.tool_call_id), content: text(message.content), json: parse(text(message.content)) })),
		tools: (body.tools ?? []).map((tool) => tool.function?.name),
	};
}

function answerFor(script, conversation) {
	const entry = script.find(({ when }) => (typeof when === 'string' ? conversation.user.includes(when) : when.test(conversation.user)));
	if (!entry) return { error: `the scripted model has no script for "${conversation.user.slice(0, 200)}"` };
	let step = entry.steps[Math.min(conversation.turn, entry.steps.length - 1)];
	if (typeof step === 'function') step = step(conversation);
	const unknown = (step.toolCalls ?? []).map((call) => call.name).filter((name) => !conversation.tools.includes(name));
	if (unknown.length) return { error: `the script calls ${unknown.join(', ')}, but the request offers only: ${conversation.tools.join(', ') || 'no tools'}` };
	return { step };
}

function completion(id, step) {
	const toolCalls = (step.toolCalls ?? []).map((call, index) => ({ id: `call_${id}_${index}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments ?? {}) } }));
	return { content: toolCalls.length ? null : (step.content ?? ''), toolCalls, finishReason: toolCalls.length ? 'tool_calls' : 'stop' };
}

async function startModelServer({ script = [], port = 0, host = '127.0.0.1' } = {}) {
	const requests = [];
	let answered = 0;
	const server = http.createServer((request, response) => {
		let raw = '';
		request.on('data', (chunk) => (raw += chunk));
		request.on('end', () => {
			const send = (status, body) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
			const path = request.url.split('?')[0].replace(/^\/v1/, '');
			if (request.method === 'GET' && path === '/models') {
				return send(200, { object: 'list', data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'n8n-nodes-byai' }] });
			}
			if (request.method !== 'POST' || path !== '/chat/completions') {
				const hint = path === '/responses' ? ': it speaks chat completions; turn off "Use Responses API" in the OpenAI Chat Model node' : '';
				return send(404, { error: { message: `the scripted model does not serve ${request.method} ${request.url}${hint}`, type: 'invalid_request_error' } });
			}
			let body;
			try {
				body = JSON.parse(raw);
			} catch {
				return send(400, { error: { message: 'the request body is not JSON', type: 'invalid_request_error' } });
			}
			requests.push(body);
			const { step, error } = answerFor(script, conversationOf(body));
			if (error) return send(400, { error: { message: error, type: 'invalid_request_error' } });
			const id = ++answered;
			const { content, toolCalls, finishReason } = completion(id, step);
			const usage = { prompt_tokens: JSON.stringify(body.messages).length, completion_tokens: 1, total_tokens: JSON.stringify(body.messages).length + 1 };
			const base = { id: `chatcmpl-${id}`, created: Math.floor(Date.now() / 1000), model: body.model ?? MODEL };
			if (!body.stream) {
				const message = { role: 'assistant', content, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) };
				return send(200, { ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finishReason }], usage });
			}
			// Server-sent events as OpenAI streams them: the role, then the text or each tool call, then the end.
			response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
			const chunk = (delta, finish = null) => response.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
			chunk({ role: 'assistant', content: '' });
			if (content) chunk({ content });
			toolCalls.forEach((call, index) => chunk({ tool_calls: [{ index, ...call }] }));
			chunk({}, finishReason);
			if (body.stream_options?.include_usage) response.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`);
			response.end('data: [DONE]\n\n');
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, resolve);
	});
	const url = `http://${host}:${server.address().port}`;
	return {
		url,
		baseUrl: `${url}/v1`,
		model: MODEL,
		requests,
		/** Replaces the script (the requests recorded so far stay). */
		setScript(next) {
			script = next;
		},
		/** The last request of the conversation whose user message matches, as the script saw it. */
		conversation(when) {
			const matching = requests.map(conversationOf).filter(({ user }) => (typeof when === 'string' ? user.includes(when) : when.test(user)));
			return matching.at(-1);
		},
		/** What the tools returned to the model in that conversation: [{ name, content, json }]. */
		toolResults(when) {
			return this.conversation(when)?.toolResults ?? [];
		},
		stop: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

module.exports = { startModelServer, MODEL };
