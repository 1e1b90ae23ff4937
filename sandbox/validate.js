'use strict';
// Parameter checks driven by endpoints.json: required fields, types, enums and documented ranges,
// top level and inside arrays (`blacklist[].mobile`). Every refusal is a 412 naming the field.
const { endpoints } = require('./reference');
const { paramError } = require('./util');

const INTEGER = /^-?\d+$/;
const PAGING = ['pageNum', 'pageSize'];
// Arrays whose rows are judged one by one (import counts bad rows as failNum/placeFailNum instead of refusing the call).
const ROW_LEVEL = new Set(['customerInfoList']);
// Types the docs give loosely: update.userPhoneIds is "255,244", an int or (Java demo) a list; checked by the handler.
const LOOSE = new Set(['/openapi/v1/task/update userPhoneIds']);

function coerce(name, type, value) {
	const base = type.replace(/\(.*\)$/, '');
	if (base === 'integer') {
		if (typeof value === 'number' && Number.isInteger(value)) return value;
		if (typeof value === 'string' && INTEGER.test(value.trim())) return Number(value);
		throw paramError(name, `必须是整数 (收到 ${JSON.stringify(value)})`);
	}
	if (base === 'boolean') {
		if (typeof value === 'boolean') return value;
		if (value === 'true' || value === 'false') return value === 'true';
		throw paramError(name, `必须是 true 或 false (收到 ${JSON.stringify(value)})`);
	}
	if (base.startsWith('array')) {
		if (!Array.isArray(value)) throw paramError(name, '必须是数组');
		return value;
	}
	if (base.startsWith('object')) {
		if (typeof value !== 'object' || Array.isArray(value)) throw paramError(name, '必须是对象');
		return value;
	}
	if (typeof value === 'object') throw paramError(name, '必须是字符串');
	return String(value);
}

const isMissing = (value) => value === undefined || value === null || value === '';
const isRequired = (param) => param.required && !param.deprecated && !param.removedIn;

/** Checks one value against its parameter spec; returns the coerced value (undefined when absent). */
function check(param, field, raw) {
	if (isMissing(raw)) {
		if (isRequired(param)) throw paramError(field, '不能为空');
		return undefined;
	}
	const value = coerce(field, param.type, raw);
	const allowed = param.enum?.map((entry) => entry.value);
	if (allowed && !Array.isArray(value) && !allowed.includes(value)) {
		throw paramError(field, `取值必须是 ${allowed.join('/')} 之一 (收到 ${JSON.stringify(raw)})`);
	}
	if (typeof value === 'number' && (value < (param.minimum ?? -Infinity) || value > (param.maximum ?? Infinity))) {
		const range = param.minimum === undefined ? `不能大于 ${param.maximum}` : param.maximum === undefined ? `不能小于 ${param.minimum}` : `必须在 ${param.minimum}-${param.maximum} 之间`;
		throw paramError(field, `${range} (收到 ${value})`);
	}
	return value;
}

/** path → { id, method, altMethods, params, nested } from the reference. */
const specs = new Map(
	endpoints.map((endpoint) => [
		endpoint.path,
		{
			id: endpoint.id,
			method: endpoint.method,
			altMethods: endpoint.altMethods ?? [],
			params: endpoint.parameters.filter((p) => !p.name.includes('[]')),
			nested: endpoint.parameters.filter((p) => p.name.includes('[].') && !ROW_LEVEL.has(p.name.split('[]')[0])),
		},
	]),
);

/** Validated copy of the request parameters; paging parameters get their documented defaults. */
function validate(path, input) {
	const spec = specs.get(path);
	const output = { ...input };
	for (const param of spec.params) {
		const raw = input[param.name] ?? (PAGING.includes(param.name) ? param.default : undefined);
		if (LOOSE.has(`${path} ${param.name}`)) {
			if (isMissing(raw)) check(param, param.name, raw);
			continue;
		}
		const value = check(param, param.name, raw);
		if (value === undefined) delete output[param.name];
		else output[param.name] = value;
	}
	for (const param of spec.nested) {
		const [arrayName, field] = param.name.split('[].');
		if (!output[arrayName]) continue;
		output[arrayName] = output[arrayName].map((row, index) => {
			if (!row || typeof row !== 'object' || Array.isArray(row)) throw paramError(`${arrayName}[${index}]`, '必须是对象');
			const value = check(param, `${arrayName}[${index}].${field}`, row[field]);
			return value === undefined ? row : { ...row, [field]: value };
		});
	}
	for (const name of PAGING) {
		if (output[name] !== undefined && output[name] < 1) throw paramError(name, `必须大于等于 1 (收到 ${output[name]})`);
	}
	return output;
}

module.exports = { specs, validate };
