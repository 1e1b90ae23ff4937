import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalizeChinesePhone } from '../../helpers/validation';
import { idParam, param, phoneParam, textParam } from '../common';
import type { OperationDefinition } from '../types';

const company = (context: IExecuteFunctions, itemIndex: number) => ({ companyId: idParam(context, 'companyId', 'Company', itemIndex) });
const group = (context: IExecuteFunctions, itemIndex: number) => ({
	...company(context, itemIndex),
	blacklistInfoGroupId: idParam(context, 'groupId', 'Blacklist Group', itemIndex, true),
});
const remark = (context: IExecuteFunctions, itemIndex: number): IDataObject => {
	const { remark: value } = param<IDataObject>(context, 'additionalFields', itemIndex, {});
	return value !== undefined && value !== '' ? { remark: String(value) } : {};
};

export const operations: Record<string, OperationDefinition> = {
	addNumber: {
		name: 'Add Number',
		action: 'Add a number to the default blacklist',
		description: 'Add one Chinese phone number to the company\'s default blacklist group (黑名单) so no task calls it; returns its blacklistInfoId',
		method: 'POST',
		path: '/openapi/v1/company/addBlackList',
		params(itemIndex) {
			const { name } = param<IDataObject>(this, 'additionalFields', itemIndex, {});
			return {
				...company(this, itemIndex),
				mobile: phoneParam(this, 'mobile', 'Phone Number', itemIndex),
				...(name ? { name: String(name) } : {}),
				...remark(this, itemIndex),
			};
		},
		output: (data, params) => ({ blacklistInfoId: data as number, mobile: params.mobile }),
	},
	addNumbers: {
		name: 'Add Numbers to Group',
		action: 'Add numbers to a blacklist group',
		description: 'Add several Chinese phone numbers, each with a name and remark, to a blacklist group in one request so no task calls them',
		method: 'POST',
		path: '/openapi/v1/company/addBlackList/batch',
		params(itemIndex) {
			const entries = (param<IDataObject>(this, 'numbers', itemIndex, {}).number as IDataObject[] | undefined) ?? [];
			if (!entries.length) throw new NodeOperationError(this.getNode(), 'Numbers: add at least one number', { itemIndex });
			const blacklist = entries.map((entry, index) => {
				const checked = normalizeChinesePhone(entry.mobile);
				if ('reason' in checked) throw new NodeOperationError(this.getNode(), `Numbers, number ${index + 1}: ${checked.reason}`, { itemIndex });
				return { mobile: checked.phone, name: String(entry.name ?? '').trim() || checked.phone, ...(entry.remark ? { remark: String(entry.remark) } : {}) };
			});
			return { ...group(this, itemIndex), blacklist };
		},
		// Byai spells it requsetNum.
		output: (data) => ({ requested: (data as IDataObject)?.requsetNum, added: (data as IDataObject)?.successNum, ...(data as IDataObject) }),
	},
	getGroups: {
		name: 'Get Groups',
		action: 'Get blacklist groups',
		description: 'List the blacklist groups of a company: blacklistInfoGroupId (-1 is the default group), name, remark',
		method: 'GET',
		path: '/openapi/v1/company/blacklist/group/list',
		returnsList: true,
		params(itemIndex) {
			return company(this, itemIndex);
		},
	},
	createGroup: {
		name: 'Create Group',
		action: 'Create a blacklist group with a name and an optional remark; returns its blacklistInfoGroupId',
		description: 'Create a blacklist group with a name and an optional remark; returns its blacklistInfoGroupId',
		method: 'POST',
		path: '/openapi/v1/company/blacklist/group/add',
		params(itemIndex) {
			return { ...company(this, itemIndex), name: textParam(this, 'groupName', 'Group Name', itemIndex), ...remark(this, itemIndex) };
		},
		output: (data, params) => ({ blacklistInfoGroupId: data as number, name: params.name }),
	},
	updateGroup: {
		name: 'Update Group',
		action: 'Update a blacklist group',
		description: 'Rename a blacklist group or change its remark',
		method: 'POST',
		path: '/openapi/v1/company/blacklist/group/edit',
		params(itemIndex) {
			return { ...group(this, itemIndex), name: textParam(this, 'groupName', 'Group Name', itemIndex), ...remark(this, itemIndex) };
		},
		output: (data, params) => ({ success: data === true, blacklistInfoGroupId: params.blacklistInfoGroupId }),
	},
	deleteGroup: {
		name: 'Delete Group',
		action: 'Delete a blacklist group',
		description: 'Delete an empty blacklist group; Byai refuses while it still holds numbers (remove them first)',
		method: 'POST',
		path: '/openapi/v1/company/blacklist/group/delete',
		params(itemIndex) {
			return group(this, itemIndex);
		},
		output: (data, params) => ({ deleted: data === true, blacklistInfoGroupId: params.blacklistInfoGroupId }),
	},
	getNumbers: {
		name: 'Get Numbers',
		action: 'Get numbers of a blacklist group',
		description: 'List the numbers of a blacklist group: number, name, remark and when it was added (China time)',
		method: 'GET',
		path: '/openapi/v1/company/blacklist/info/page',
		// The docs give a default of 20 and no maximum; 20 is what Byai is known to serve.
		pageSizeCap: 20,
		params(itemIndex) {
			return group(this, itemIndex);
		},
	},
	removeNumber: {
		name: 'Remove Number',
		action: 'Remove a number from a blacklist group',
		description: 'Remove one number from a blacklist group, so tasks may call it again',
		method: 'POST',
		path: '/openapi/v1/company/blacklist/info/delete',
		params(itemIndex) {
			return { ...group(this, itemIndex), mobile: phoneParam(this, 'mobile', 'Phone Number', itemIndex) };
		},
		output: (data, params) => ({ removed: data === true, mobile: params.mobile }),
	},
};
