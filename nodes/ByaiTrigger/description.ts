import type { INodeProperties } from 'n8n-workflow';

import { enumOptions, FINISH_STATUS, INTENTION_GRADE_OPTIONS, TASK_STATUS } from '../Byai/helpers/labels';
import { ALL_EVENTS, EVENT_OPTIONS } from './callbacks';
import { ANSWER_BYAI, ANSWER_FROM_BYAI_NODE, ANSWER_WHEN_RECEIVED } from './answer';
import { BYAI_CALLBACK_IP } from './security';
import { DEFAULT_DEDUPE_WINDOW, MAX_DEDUPE_WINDOW } from './settings';

/** The two callback URLs Byai's CRM asks for. Both accept every callback type. */
export const CALL_RECORD_PATH = 'call-record';
export const TASK_STATUS_PATH = 'task-status';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: `Byai has no API to register callbacks: you hand these URLs over once. Open <b>Webhook URLs</b> above and, in the Byai CRM under 系统管理 → 系统设置 → API配置 (or through Byai support), enter the URL ending in <b>/${CALL_RECORD_PATH}</b> as 通话记录回调地址 (call-record callback URL) and the one ending in <b>/${TASK_STATUS_PATH}</b> as 任务回调地址 (task callback URL; Byai must enable task callbacks). Give Byai the <b>Production URLs</b>: they work only while this workflow is active. The Test URLs work only while the editor listens for a test event. Both URLs accept every callback type, so an account with a single callback URL works too.`,
		name: 'urlsNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Answer Byai',
		name: ANSWER_BYAI,
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'When Received',
				value: ANSWER_WHEN_RECEIVED,
				description: 'Answered "success" as soon as n8n has taken the callback in (in queue mode: once its execution is queued)',
			},
			{
				name: 'From a Byai Node',
				value: ANSWER_FROM_BYAI_NODE,
				description:
					'Answered "success" by a Byai node with Callback → Acknowledge, later in the workflow. A callback whose execution fails or is lost before that gets an error or no answer, so Byai sends it again.',
			},
		],
		default: ANSWER_WHEN_RECEIVED,
		description:
			'When Byai gets its "success". Byai resends a callback until it gets one, so answering only once the callback is safe (e.g. after a database claim) loses none, even if n8n loses the execution (a worker killed, the database down). Either way filtered-out and repeated callbacks are answered "success" at once, and bad ones refused at once.',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_OPTIONS,
		default: [...ALL_EVENTS],
		description: 'Which callbacks start the workflow. The others are still answered "success", so Byai does not retry them.',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			"Whether to return each call as one flat item with readable labels, intention level, parsed properties and a plain-text transcript. Off returns Byai's payload as sent, next to event and dataType.",
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Callbacks that do not pass are answered "success" and start nothing',
		options: [
			{ displayName: 'Company IDs', name: 'companyIds', type: 'string', default: '', placeholder: '3811, 3812', description: 'Only callbacks of these companies (comma-separated)' },
			{
				displayName: 'Intention Levels',
				name: 'intentionGrades',
				type: 'multiOptions',
				options: INTENTION_GRADE_OPTIONS,
				default: [],
				description: 'Only calls and intention changes with these levels. Matched on the letter, whichever label set the account uses; calls without a level are dropped.',
			},
			{
				displayName: 'Min Call Duration (Seconds)',
				name: 'minDuration',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Only calls that lasted at least this long',
			},
			{ displayName: 'Outcomes', name: 'finishStatuses', type: 'multiOptions', options: enumOptions(FINISH_STATUS), default: [], description: 'Only calls with these outcomes (finishStatus)' },
			{
				displayName: 'Task IDs',
				name: 'taskIds',
				type: 'string',
				default: '',
				placeholder: '1001, 1002',
				description: 'Only calls and task events of these tasks (comma-separated). Intention changes name no task and are not filtered by it.',
			},
			{ displayName: 'Task Statuses', name: 'taskStatuses', type: 'multiOptions', options: enumOptions(TASK_STATUS), default: [], description: 'Only task-status callbacks with these statuses' },
		],
	},
	{
		displayName: 'Verify Signature',
		name: 'verifySignature',
		type: 'boolean',
		default: false,
		description:
			'Whether to check the "sign" field of callbacks with the Byai API credential selected above. Byai fills it only after you ask them to enable callback signing, and never documented the algorithm: this checks Base64(HMAC-SHA1(APP_SECRET, APP_KEY + "\\n" + dateTime)), the request-signing formula, which is a guess. If every signed callback is refused, the guess is wrong: turn this off and protect the URLs with Allowed IPs.',
	},
	{
		displayName: 'Reject Unsigned Callbacks',
		name: 'requireSignature',
		type: 'boolean',
		default: false,
		displayOptions: { show: { verifySignature: [true] } },
		description: 'Whether to refuse callbacks without a sign (403). Off, they are accepted, so the check only catches wrong signatures; turn it on once Byai signs your callbacks.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Allowed IPs',
				name: 'allowedIps',
				type: 'string',
				default: '',
				placeholder: BYAI_CALLBACK_IP,
				description: `Only accept callbacks from these addresses or IPv4 ranges (comma-separated, e.g. 10.0.0.0/8); others get 403 and start nothing. Byai documents ${BYAI_CALLBACK_IP} for its public cloud; a private cloud calls from its own addresses.`,
			},
			{
				displayName: 'Behind a Proxy',
				name: 'behindProxy',
				type: 'boolean',
				default: false,
				description: "Whether n8n is behind a reverse proxy. Then the caller's address is taken from the X-Forwarded-For entry your proxy added; otherwise that header is ignored.",
			},
			{
				displayName: 'Dedupe Window',
				name: 'dedupeWindow',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MAX_DEDUPE_WINDOW },
				default: DEFAULT_DEDUPE_WINDOW,
				description: 'How many recent callbacks (up to 27 hours, the span of Byai\'s retries) to remember, so a repeated delivery starts no second execution; 0 turns it off',
			},
			{
				displayName: 'Include Unknown Events',
				name: 'includeUnknown',
				type: 'boolean',
				default: false,
				description: 'Whether to start the workflow with callbacks of a type this node does not know, as they are. They are always answered "success".',
			},
			{
				displayName: 'Proxy Hops',
				name: 'proxyHops',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'With Behind a Proxy: how many reverse proxies stand between the internet and n8n',
			},
		],
	},
];
