// When Byai gets its "success": shared by the Byai Trigger (which answers when it receives a callback, or
// leaves the answer to a Byai node) and the Byai node's Callback → Acknowledge (which then answers).
import type { IN8nHttpFullResponse, INodeParameters } from 'n8n-workflow';

/** Byai counts a delivery only when it gets HTTP 200 with exactly this body; anything else is retried for a day. */
export const ACKNOWLEDGEMENT = 'success';

/**
 * The answer Acknowledge hands to n8n: what the trigger sends itself (text/plain, Express adds the charset).
 * The body is bytes: n8n writes those at once, while a string body is sent only after n8n saved the
 * workflow's static data, and a response ended meanwhile goes out empty (n8n 2.41.1 regular mode, when
 * the trigger's dedupe window changed). A new object each time: n8n 1.x rewrites the body to relay it.
 */
export function acknowledgementResponse(): IN8nHttpFullResponse {
	return { body: Buffer.from(ACKNOWLEDGEMENT), headers: { 'content-type': 'text/plain; charset=utf-8' }, statusCode: 200 };
}

/** The trigger's "Answer Byai" parameter and its values. */
export const ANSWER_BYAI = 'answerByai';
export const ANSWER_WHEN_RECEIVED = 'whenReceived';
export const ANSWER_FROM_BYAI_NODE = 'fromByaiNode';

/** The Acknowledge operation of the Byai node, and the node types (as n8n names them: "<package>.<node>"). */
export const ACKNOWLEDGE = { resource: 'callback', operation: 'acknowledge' };
const isType = (type: string, name: string) => type === name || type.endsWith(`.${name}`);

interface WorkflowNode {
	type: string;
	disabled?: boolean;
	parameters?: INodeParameters;
}

/** An enabled Byai node set to Callback → Acknowledge. */
export function isAcknowledgeNode(node: WorkflowNode): boolean {
	return isType(node.type, 'byai') && !node.disabled && node.parameters?.resource === ACKNOWLEDGE.resource && node.parameters?.operation === ACKNOWLEDGE.operation;
}

/** An enabled Byai Trigger that leaves the answer to a Byai node. */
export function isTriggerAnsweredByNode(node: WorkflowNode): boolean {
	return isType(node.type, 'byaiTrigger') && !node.disabled && node.parameters?.[ANSWER_BYAI] === ANSWER_FROM_BYAI_NODE;
}

/** n8n's responseMode of the trigger's webhooks, from Answer Byai (an expression, as n8n's own Webhook node does it). */
export const RESPONSE_MODE = `={{$parameter["${ANSWER_BYAI}"] === "${ANSWER_FROM_BYAI_NODE}" ? "responseNode" : "onReceived"}}`;
