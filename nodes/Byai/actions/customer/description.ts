import type { INodeProperties } from 'n8n-workflow';

import { MAX_IMPORT_CHUNK } from '../../helpers/validation';
import { companyLocator, showFor, taskLocator, variablesField } from '../common';

const R = 'customer';
const IMPORTS = ['import', 'importV1'];

export const fields: INodeProperties[] = [
	companyLocator(R, ['getNotDialed', ...IMPORTS]),
	taskLocator(R, ['getNotDialed', ...IMPORTS]),
	{
		displayName: 'Phone Column',
		name: 'phoneColumn',
		type: 'string',
		displayOptions: showFor(R, IMPORTS),
		default: 'phone',
		required: true,
		description:
			'Field of the input items holding the phone number (dots reach into objects, e.g. customer.phone). +86, 0086, spaces and dashes are removed; invalid numbers are reported in the summary, not sent.',
	},
	{
		displayName: 'Name Column',
		name: 'nameColumn',
		type: 'string',
		displayOptions: showFor(R, IMPORTS),
		default: 'name',
		description: 'Field of the input items holding the customer name (客户名称); leave empty for none',
	},
	variablesField(
		showFor(R, IMPORTS),
		'getTaskVariables',
		['taskId.value'],
		{ displayName: 'Column', name: 'column', type: 'string', default: '', description: 'Field of the input items with the value of this variable' },
		"Columns that fill the robot script's variables (sent as properties). Byai counts rows missing a variable the script needs as placeFail.",
	),
	{
		displayName: 'Import Options',
		name: 'importOptions',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: showFor(R, IMPORTS),
		default: {},
		description: 'How the rows are sent',
		options: [
			{
				displayName: 'Chunk Size',
				name: 'chunkSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_IMPORT_CHUNK },
				default: MAX_IMPORT_CHUNK,
				description: 'Customers per request, sent one request after another; Byai accepts at most 10,000',
			},
			{
				displayName: 'Send Other Columns as Properties',
				name: 'otherColumnsAsProperties',
				type: 'boolean',
				default: false,
				description: 'Whether to send the remaining columns too (e.g. your own customer ID); Byai returns them in callbacks and call details',
			},
		],
	},
];
