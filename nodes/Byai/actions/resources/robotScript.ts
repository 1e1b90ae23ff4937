import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { BUILT_IN_VARIABLES } from '../../helpers/labels';
import { companyLocator, idParam, param, showFor } from '../common';
import type { ByaiClient } from '../../transport';
import type { ResourceDefinition } from '../types';

export const robotScript: ResourceDefinition = {
	description: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['robotScript'] } },
			options: [
				{
					name: 'Get Many',
					value: 'getAll',
					action: 'Get many robot scripts',
					description: 'List the robot scripts (话术) of a company with their scene and recording IDs',
				},
				{
					name: 'Get Variables',
					value: 'getVariables',
					action: 'Get the variables of a robot script',
					description: 'List the variables a script uses, so an import can supply a value for each',
				},
			],
			default: 'getAll',
		},
		companyLocator('robotScript', ['getAll', 'getVariables']),
		{
			displayName: 'Script Status',
			name: 'robotStatus',
			type: 'options',
			displayOptions: showFor('robotScript', ['getAll']),
			options: [
				{ name: 'All Scripts', value: 0 },
				{ name: 'Online Only', value: 1 },
				{ name: 'Ever Published', value: 2 },
			],
			default: 0,
			description: 'Which scripts to list, by publication state',
		},
		{
			displayName: 'Robot Script Name or ID',
			name: 'robotDefId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getRobotScripts', loadOptionsDependsOn: ['companyId.value'] },
			displayOptions: showFor('robotScript', ['getVariables']),
			default: '',
			required: true,
			description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		},
	],
	operations: {
		getAll: {
			method: 'GET',
			path: '/openapi/v1/company/getRobots',
			params(itemIndex) {
				return { companyId: idParam(this, 'companyId', 'Company', itemIndex), robotStatus: param<number>(this, 'robotStatus', itemIndex, 0) };
			},
		},
		getVariables: {
			method: 'GET',
			path: '/openapi/v1/task/getSceneVariables',
			async params(itemIndex, client) {
				const companyId = idParam(this, 'companyId', 'Company', itemIndex);
				const robotDefId = idParam(this, 'robotDefId', 'Robot Script', itemIndex);
				const sceneDefId = await sceneOfRobot(this, client, companyId, robotDefId, itemIndex);
				return { companyId, sceneDefId };
			},
			output: (data, params) => {
				const variables = Array.isArray(data) ? (data as string[]) : [];
				return {
					sceneDefId: params.sceneDefId,
					variables,
					requiredForImport: variables.filter((name) => !BUILT_IN_VARIABLES.includes(name)),
				};
			},
		},
	},
};

/** The scene of a robot script, which getSceneVariables needs. */
export async function sceneOfRobot(context: IExecuteFunctions, client: ByaiClient, companyId: number, robotDefId: number, itemIndex: number) {
	const robots = await client.request<Array<{ robotDefId: number; sceneDefId: number }>>(
		{ method: 'GET', path: '/openapi/v1/company/getRobots', query: { companyId }, operation: 'Robot Script → Get Many' },
		itemIndex,
	);
	const robot = (robots ?? []).find((entry) => Number(entry.robotDefId) === robotDefId);
	if (!robot) {
		throw new NodeOperationError(context.getNode(), `Robot script ${robotDefId} is not a script of company ${companyId}`, {
			itemIndex,
			description: 'Pick the script from the list; it shows the scripts of the chosen company.',
		});
	}
	return robot.sceneDefId;
}
