import type { INodeProperties } from 'n8n-workflow';

import { enumOptions, SMS_TEMPLATE_STATUS } from '../../helpers/labels';
import { companyLocator, showFor } from '../common';

export const fields: INodeProperties[] = [
	companyLocator('smsTemplate', ['getAll']),
	{
		displayName: 'Audit Status',
		name: 'status',
		type: 'options',
		displayOptions: showFor('smsTemplate', ['getAll']),
		options: [
			{ name: 'Any', value: 0 },
			...enumOptions(SMS_TEMPLATE_STATUS),
		],
		default: 0,
		description: 'Only templates in this audit state. A task can only send approved templates without variables.',
	},
];
