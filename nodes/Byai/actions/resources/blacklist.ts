import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalizeChinesePhone } from '../../helpers/validation';
import { companyLocator, idParam, param, returnAllFields, showFor } from '../common';
import type { ResourceDefinition } from '../types';

const R = 'blacklist';

function groupField(operations: string[]) {
	return {
		displayName: 'Blacklist Group Name or ID',
		name: 'groupId',
		type: 'options' as const,
		typeOptions: { loadOptionsMethod: 'getBlacklistGroups', loadOptionsDependsOn: ['companyId.value'] },
		displayOptions: showFor(R, operations),
		default: '',
		required: true,
		description:
			'The blacklist group; -1 is the company default group. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	};
}

function phoneParam(this: import('n8n-workflow').IExecuteFunctions, name: string, itemIndex: number): string {
	const checked = normalizeChinesePhone(param(this, name, itemIndex, ''));
	if ('reason' in checked) throw new NodeOperationError(this.getNode(), `Phone Number: ${checked.reason}`, { itemIndex });
	return checked.phone;
}

export const blacklist: ResourceDefinition = {
	description: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [R] } },
			options: [
				{ name: 'Add Number', value: 'addNumber', action: 'Add a number to the default blacklist', description: 'Add one number to the company default blacklist group (黑名单) so it is never called' },
				{ name: 'Add Numbers to Group', value: 'addNumbers', action: 'Add numbers to a blacklist group', description: 'Add several numbers to a blacklist group in one call' },
				{ name: 'Create Group', value: 'createGroup', action: 'Create a blacklist group', description: 'Create a blacklist group' },
				{ name: 'Delete Group', value: 'deleteGroup', action: 'Delete a blacklist group', description: 'Delete an empty blacklist group' },
				{ name: 'Get Groups', value: 'getGroups', action: 'Get blacklist groups', description: 'List the blacklist groups of a company' },
				{ name: 'Get Numbers', value: 'getNumbers', action: 'Get numbers of a blacklist group', description: 'Page through the numbers of a blacklist group' },
				{ name: 'Remove Number', value: 'removeNumber', action: 'Remove a number from a blacklist group', description: 'Remove one number from a blacklist group' },
				{ name: 'Update Group', value: 'updateGroup', action: 'Update a blacklist group', description: 'Rename a blacklist group or change its remark' },
			],
			default: 'addNumber',
		},
		companyLocator(R, ['addNumber', 'addNumbers', 'createGroup', 'deleteGroup', 'getGroups', 'getNumbers', 'removeNumber', 'updateGroup']),
		groupField(['addNumbers', 'deleteGroup', 'getNumbers', 'removeNumber', 'updateGroup']),
		{
			displayName: 'Phone Number',
			name: 'mobile',
			type: 'string',
			displayOptions: showFor(R, ['addNumber', 'removeNumber']),
			default: '',
			required: true,
			placeholder: 'e.g. 13800138000',
			description: 'A Chinese mobile or landline number; +86, spaces and dashes are removed',
		},
		{
			displayName: 'Numbers',
			name: 'numbers',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			displayOptions: showFor(R, ['addNumbers']),
			default: {},
			placeholder: 'Add Number',
			options: [
				{
					displayName: 'Number',
					name: 'number',
					values: [
						{ displayName: 'Phone Number', name: 'mobile', type: 'string', default: '', description: 'Chinese mobile or landline number' },
						{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Name of the person (Byai requires one)' },
						{ displayName: 'Remark', name: 'remark', type: 'string', default: '' },
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
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			displayOptions: showFor(R, ['addNumber', 'createGroup', 'updateGroup']),
			default: {},
			options: [
				{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Name of the person (Add Number only)' },
				{ displayName: 'Remark', name: 'remark', type: 'string', default: '' },
			],
		},
		...returnAllFields(R, ['getNumbers'], 20),
	],
	operations: {
		addNumber: {
			method: 'POST',
			path: '/openapi/v1/company/addBlackList',
			params(itemIndex) {
				const extra = param<IDataObject>(this, 'additionalFields', itemIndex, {});
				return { companyId: idParam(this, 'companyId', 'Company', itemIndex), mobile: phoneParam.call(this, 'mobile', itemIndex), ...extra };
			},
			output: (data, params) => ({ blacklistInfoId: data as number, mobile: params.mobile }),
		},
		addNumbers: {
			method: 'POST',
			path: '/openapi/v1/company/addBlackList/batch',
			params(itemIndex) {
				const entries = (param<IDataObject>(this, 'numbers', itemIndex, {}).number as IDataObject[] | undefined) ?? [];
				if (!entries.length) throw new NodeOperationError(this.getNode(), 'Numbers: add at least one number', { itemIndex });
				const list = entries.map((entry, index) => {
					const checked = normalizeChinesePhone(entry.mobile);
					if ('reason' in checked) throw new NodeOperationError(this.getNode(), `Numbers, entry ${index + 1}: ${checked.reason}`, { itemIndex });
					return { mobile: checked.phone, name: String(entry.name ?? '') || checked.phone, ...(entry.remark ? { remark: entry.remark } : {}) };
				});
				return { companyId: idParam(this, 'companyId', 'Company', itemIndex), blacklistInfoGroupId: idParam(this, 'groupId', 'Blacklist Group', itemIndex), blacklist: list };
			},
			output: (data) => ({ requested: (data as IDataObject)?.requsetNum, added: (data as IDataObject)?.successNum, ...(data as IDataObject) }),
		},
		getGroups: {
			method: 'GET',
			path: '/openapi/v1/company/blacklist/group/list',
			params(itemIndex) {
				return { companyId: idParam(this, 'companyId', 'Company', itemIndex) };
			},
		},
		createGroup: {
			method: 'POST',
			path: '/openapi/v1/company/blacklist/group/add',
			params(itemIndex) {
				const { remark } = param<IDataObject>(this, 'additionalFields', itemIndex, {});
				return { companyId: idParam(this, 'companyId', 'Company', itemIndex), name: String(param(this, 'groupName', itemIndex, '')), ...(remark ? { remark } : {}) };
			},
			output: (data, params) => ({ blacklistInfoGroupId: data as number, name: params.name }),
		},
		updateGroup: {
			method: 'POST',
			path: '/openapi/v1/company/blacklist/group/edit',
			params(itemIndex) {
				const { remark } = param<IDataObject>(this, 'additionalFields', itemIndex, {});
				return {
					companyId: idParam(this, 'companyId', 'Company', itemIndex),
					blacklistInfoGroupId: idParam(this, 'groupId', 'Blacklist Group', itemIndex),
					name: String(param(this, 'groupName', itemIndex, '')),
					...(remark !== undefined ? { remark } : {}),
				};
			},
			output: (data, params) => ({ success: data === true, blacklistInfoGroupId: params.blacklistInfoGroupId }),
		},
		deleteGroup: {
			method: 'POST',
			path: '/openapi/v1/company/blacklist/group/delete',
			params(itemIndex) {
				return { companyId: idParam(this, 'companyId', 'Company', itemIndex), blacklistInfoGroupId: idParam(this, 'groupId', 'Blacklist Group', itemIndex) };
			},
			output: (data, params) => ({ deleted: data === true, blacklistInfoGroupId: params.blacklistInfoGroupId }),
		},
		getNumbers: {
			method: 'GET',
			path: '/openapi/v1/company/blacklist/info/page',
			pageSizeCap: 20,
			params(itemIndex) {
				return { companyId: idParam(this, 'companyId', 'Company', itemIndex), blacklistInfoGroupId: idParam(this, 'groupId', 'Blacklist Group', itemIndex) };
			},
		},
		removeNumber: {
			method: 'POST',
			path: '/openapi/v1/company/blacklist/info/delete',
			params(itemIndex) {
				return {
					companyId: idParam(this, 'companyId', 'Company', itemIndex),
					blacklistInfoGroupId: idParam(this, 'groupId', 'Blacklist Group', itemIndex),
					mobile: phoneParam.call(this, 'mobile', itemIndex),
				};
			},
			output: (data, params) => ({ removed: data === true, mobile: params.mobile }),
		},
	},
};
