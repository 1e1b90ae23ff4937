import { BUILT_IN_VARIABLES } from '../../helpers/labels';
import { idParam, param } from '../common';
import type { OperationDefinition } from '../types';

export const operations: Record<string, OperationDefinition> = {
	getAll: {
		name: 'Get Many',
		action: 'Get many robot scripts',
		description: 'List the robot scripts (话术) of a company: robotDefId, name, scene (sceneDefId) and the scene recordings (sceneRecordId, the voice), filtered by publication state',
		method: 'GET',
		path: '/openapi/v1/company/getRobots',
		returnsList: true,
		params(itemIndex) {
			return { companyId: idParam(this, 'companyId', 'Company', itemIndex), robotStatus: Number(param(this, 'robotStatus', itemIndex, 0)) };
		},
	},
	getVariables: {
		name: 'Get Variables',
		action: 'Get the variables of a robot script',
		description: 'List the variables a robot script says (e.g. 产品名称), and which of them an import must supply: all but the built-in 客户名称 (name) and 联系方式 (phone)',
		method: 'GET',
		path: '/openapi/v1/task/getSceneVariables',
		async params(itemIndex, { lookups }) {
			const companyId = idParam(this, 'companyId', 'Company', itemIndex);
			const robot = await lookups.robot(this, companyId, idParam(this, 'robotDefId', 'Robot Script', itemIndex), itemIndex);
			return { companyId, sceneDefId: robot.sceneDefId };
		},
		output: (data, params) => {
			const variables = Array.isArray(data) ? (data as string[]) : [];
			return { sceneDefId: params.sceneDefId, variables, requiredForImport: variables.filter((name) => !BUILT_IN_VARIABLES.includes(name)) };
		},
	},
};
