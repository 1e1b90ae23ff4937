import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { acknowledgementResponse, isTriggerAnsweredByNode } from '../../../ByaiTrigger/answer';
import { chinaDateTime } from '../../helpers/validation';
import { idParam, param } from '../common';
import type { LocalOperationDefinition, OperationDefinition } from '../types';

export const operations: Record<string, OperationDefinition> = {
	getFailed: {
		name: 'Get Many Failed',
		action: 'Get many failed callbacks',
		description:
			'List calls whose call-record callback to your URL failed in a time range (China time); fetch each with Call → Get to recover what the callback would have sent',
		method: 'GET',
		path: '/openapi/v1/callBack/queryUnCallBack',
		pageSizeCap: 500,
		params(itemIndex) {
			const node = this.getNode();
			const startDate = chinaDateTime(node, itemIndex, 'From', param(this, 'startDate', itemIndex));
			const endDate = chinaDateTime(node, itemIndex, 'To', param(this, 'endDate', itemIndex));
			if (startDate > endDate) throw new NodeOperationError(node, `From (${startDate}) is after To (${endDate})`, { itemIndex });
			const task = String(param(this, 'taskId', itemIndex, '') ?? '').trim();
			return {
				companyId: idParam(this, 'companyId', 'Company', itemIndex),
				dataType: Number(param(this, 'dataType', itemIndex, 0)),
				startDate,
				endDate,
				...(task ? { callJobId: idParam(this, 'taskId', 'Task', itemIndex) } : {}),
			};
		},
	},
};

/**
 * Answers Byai "success" for the callback that started this execution, through n8n's webhook response (as
 * n8n's Respond to Webhook node does; in queue mode the worker relays it to the webhook processor that holds
 * the request). Once per execution: n8n sends one response per request.
 */
async function acknowledge(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const triggers = this.getParentNodes(node.name, { includeNodeParameters: true }).filter(isTriggerAnsweredByNode);
	if (!triggers.length) {
		throw new NodeOperationError(node, 'Acknowledge answers only a Byai Trigger whose Answer Byai is "From a Byai Node"', {
			description:
				'Put this node after a Byai Trigger and set that trigger\'s Answer Byai to "From a Byai Node". With "When Received" n8n has answered Byai already; without a Byai Trigger there is no callback to answer.',
		});
	}
	// The node's context lives as long as the execution: a second run of the node (a loop) answers nothing.
	const context = this.getContext('node');
	if (context.acknowledged !== true) {
		context.acknowledged = true;
		await this.sendResponse(acknowledgementResponse());
	}
	// Unchanged, each paired with its input item, so $('Claim').item and the like still resolve after it.
	return items.map((item, index) => ({ ...item, pairedItem: { item: index } }));
}

export const localOperations: Record<string, LocalOperationDefinition> = {
	acknowledge: {
		name: 'Acknowledge',
		action: 'Acknowledge the callback',
		description:
			'Answer Byai "success" for the callback that started this execution, now instead of when n8n received it: put it after the step that makes the callback safe (e.g. a database claim). Needs the Byai Trigger\'s Answer Byai set to "From a Byai Node"; sends nothing to Byai and passes the items on.',
		run: acknowledge,
	},
};
