import type { INodeProperties } from 'n8n-workflow';

import { companyLocator, dynamicOptions, showFor } from '../common';

const R = 'blacklist';
const ALL = ['addNumber', 'addNumbers', 'createGroup', 'deleteGroup', 'getGroups', 'getNumbers', 'removeNumber', 'updateGroup'];

export const fields: INodeProperties[] = [
	companyLocator(R, ALL),
	{
		...dynamicOptions(
			'Blacklist Group Name or ID',
			'groupId',
			'getBlacklistGroups',
			['companyId.value'],
			'The blacklist group (黑名单分组); -1 is the company default group.',
		),
		displayOptions: showFor(R, ['addNumbers', 'deleteGroup', 'getNumbers', 'removeNumber', 'updateGroup']),
		required: true,
	},
	{
		displayName: 'Phone Number',
		name: 'mobile',
		type: 'string',
		displayOptions: showFor(R, ['addNumber', 'removeNumber']),
		default: '',
		required: true,
		placeholder: 'e.g. 13800138000',
		description: 'A Chinese mobile or landline number; +86, 0086, spaces and dashes are removed',
	},
	{
		displayName: 'Numbers',
		name: 'numbers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		displayOptions: showFor(R, ['addNumbers']),
		default: {},
		placeholder: 'Add Number',
		description: 'The numbers to add; each is checked and normalised before anything is sent',
		options: [
			{
				displayName: 'Number',
				name: 'number',
				values: [
					{ displayName: 'Phone Number', name: 'mobile', type: 'string', default: '', description: 'Chinese mobile or landline number' },
					{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Name of the person; Byai requires one, so the number is used when empty' },
					{ displayName: 'Remark', name: 'remark', type: 'string', default: '', description: 'Why the number is blocked' },
				],
			},
		],
	},
	{
		displayName: 'Group Name',
		name: 'groupName',
		type: 'string',
		displayOptions: showFor(R, ['createGroup', 'updateGroup']),
		default: '',
		required: true,
		description: 'Name of the blacklist group (the new name when updating)',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		displayOptions: showFor(R, ['addNumber', 'createGroup', 'updateGroup']),
		default: {},
		description: 'Optional name and remark',
		options: [
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				displayOptions: { show: { '/operation': ['addNumber'] } },
				default: '',
				description: 'Name of the person',
			},
			{ displayName: 'Remark', name: 'remark', type: 'string', default: '', description: 'A note kept with the number or group' },
		],
	},
];
