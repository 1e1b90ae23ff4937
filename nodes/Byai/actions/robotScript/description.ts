import type { INodeProperties } from 'n8n-workflow';

import { ROBOT_STATUS } from '../../helpers/labels';
import { companyLocator, robotScriptField, showFor } from '../common';

export const fields: INodeProperties[] = [
	companyLocator('robotScript', ['getAll', 'getVariables']),
	{
		displayName: 'Script Status',
		name: 'robotStatus',
		type: 'options',
		displayOptions: showFor('robotScript', ['getAll']),
		options: Object.entries(ROBOT_STATUS).map(([value, name]) => ({ name, value: Number(value) })),
		default: 0,
		description: 'Which scripts to list, by publication state (robotStatus): all, online only, or ever published (including edited after publishing)',
	},
	robotScriptField('robotScript', ['getVariables'], 'The script whose variables to list.'),
];
