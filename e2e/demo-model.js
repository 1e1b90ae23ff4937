'use strict';
// The scripted model behind examples/ai-agent-assistant.json in the sandbox demo (npm start): it picks a tool
// from keywords of the chat message, calls it, and summarises what the tool answered, so the example runs
// offline and shows reads, paging and the guardrails. A real model replaces it by changing the credential.
const MODEL_CREDENTIAL_NAME = 'Scripted model (sandbox)';
const DEMO_COMPANY = 3811;

const SUMMARY_FIELDS = ['companyName', 'companyId', 'jobName', 'callJobId', 'statusLabel', 'callInstanceId', 'customerName', 'customerTelephone', 'finishStatusLabel', 'intentionGrade', 'intentionLabel', 'duration'];

function describe(record) {
	const fields = SUMMARY_FIELDS.filter((field) => record[field] !== undefined).map((field) => `${field}: ${record[field]}`);
	return fields.length ? fields.join(', ') : JSON.stringify(record).slice(0, 200);
}

/** What a tool answered, in a few lines of text. */
function summary({ name, json }) {
	const [answer] = Array.isArray(json) ? json : [json];
	if (!answer || typeof answer !== 'object') return `${name} answered: ${String(json).slice(0, 300)}`;
	if (answer.refused) return `I could not do that. ${answer.message}`;
	if (answer.error) return `${name} failed: ${answer.error}`;
	if (Array.isArray(answer.records)) {
		const lines = answer.records.map((record) => `- ${describe(record)}`);
		const shared = answer.sameForAll ? `All of them: ${describe(answer.sameForAll)}.` : '';
		return [`${name}: ${answer.records.length} result(s)${answer.total === undefined ? '' : ` of ${answer.total}`}.`, shared, ...lines, answer.note].filter(Boolean).join('\n');
	}
	const transcript = answer.transcript ? `\nTranscript:\n${answer.transcript}` : '';
	return `${name}: ${describe(answer)}${transcript}`;
}

const number = (text, pattern) => Number(pattern.exec(text)?.[1]);

/** Which tool a chat message asks for, with its arguments. */
function firstCall(user) {
	const task = number(user, /task\D{0,12}(\d+)/i) || number(user, /任务\D{0,6}(\d+)/);
	const phone = /(1[3-9]\d{9})/.exec(user.replace(/[\s-]/g, ''))?.[1];
	if (/delete|删除/i.test(user)) return { name: 'Delete_Task', arguments: { companyId: DEMO_COMPANY, taskId: task || 1 } };
	if (/start|启动/i.test(user)) return { name: 'Start_Task', arguments: { companyId: DEMO_COMPANY, taskId: task || 1 } };
	if (phone) return { name: 'Call_a_Number', arguments: { mobile: phone, customerName: '' } };
	const callId = number(user, /(\d{5,})/);
	if (callId) return { name: 'Get_Call', arguments: { callInstanceId: String(callId) } };
	if (task) return { name: 'List_Finished_Calls', arguments: { companyId: DEMO_COMPANY, taskId: task, page: number(user, /page\D{0,3}(\d+)/i) || 1 } };
	if (/compan|公司/i.test(user)) return { name: 'List_Companies', arguments: { page: 1 } };
	return { name: 'List_Tasks', arguments: { companyId: DEMO_COMPANY, status: /run|运行|进行/i.test(user) ? 1 : 0, page: 1 } };
}

/** One conversation for any message: a tool call, then a summary of its answer. */
const demoScript = [
	{
		when: /[\s\S]*/,
		steps: [({ user }) => ({ toolCalls: [firstCall(user)] }), ({ toolResults }) => ({ content: toolResults.map(summary).join('\n\n') })],
	},
];

/** The example with its OpenAI Chat Model pointed at a credential (examples ship with OPENAI_CREDENTIAL_ID). */
function withModelCredential(workflow, credential) {
	const copy = JSON.parse(JSON.stringify(workflow));
	for (const node of copy.nodes) if (node.credentials?.openAiApi) node.credentials.openAiApi = { id: credential.id, name: credential.name };
	return copy;
}

/** Creates or updates the OpenAI credential whose Base URL is the scripted model. */
async function modelCredential(n8n, model) {
	const data = { apiKey: 'scripted-model-needs-no-key', url: model.baseUrl };
	const existing = (await n8n.credentials()).find((credential) => credential.type === 'openAiApi' && credential.name === MODEL_CREDENTIAL_NAME);
	return existing ? n8n.updateCredential(existing.id, data, MODEL_CREDENTIAL_NAME, 'openAiApi') : n8n.createCredential(data, MODEL_CREDENTIAL_NAME, 'openAiApi');
}

module.exports = { demoScript, summary, withModelCredential, modelCredential, MODEL_CREDENTIAL_NAME };
