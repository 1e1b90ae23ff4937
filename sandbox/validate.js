'use strict';
// Parameter checks driven by endpoints.json: required fields and types, with 412 naming the field.
const { endpoints } = require('./reference');
const { paramError } = require('./util');

const INTEGER = /^-?\d+$/;

function coerce(name, type, value) {
	if (value === undefined || value === null || value === '') return undefined;
	const base = type.replace(/\(.*\)$/, '');
	if (base === 'integer') {
		if (typeof value === 'number' && Number.isInteger(value)) return value;
		if (typeof value === 'string' && INTEGER.test(value.trim())) return Number(value);
		throw paramError(name, `必须是整数 (got ${JSON.stringify(value)})`);
	}
	if (base === 'boolean') {
		if (typeof value === 'boolean') return value;
		if (value === 'true' || value === 'false') return value === 'true';
		throw paramError(name, `必须是 true 或 false (got ${JSON.stringify(value)})`);
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

/** path → { method, altMethods, params } from the reference; nested `a[].b` fields are left to handlers. */
const specs = new Map(
	endpoints.map((endpoint) => [
		endpoint.path,
		{
			id: endpoint.id,
			method: endpoint.method,
			altMethods: endpoint.altMethods ?? [],
			params: endpoint.parameters.filter((p) => !p.name.includes('[]')),
		},
	]),
);

// Types the docs give loosely: update.userPhoneIds is "255,244", an int or (Java demo) a list.
const LOOSE_TYPES = { '/openapi/v1/task/update': { userPhoneIds: 'any' } };

function validate(path, input) {
	const spec = specs.get(path);
	const output = { ...input };
	for (const param of spec.params) {
		const required = param.required && !param.deprecated && !param.removedIn;
		const raw = input[param.name];
		if (raw === undefined || raw === null || raw === '') {
			if (required) throw paramError(param.name, '不能为空');
			delete output[param.name];
			continue;
		}
		if (LOOSE_TYPES[path]?.[param.name] === 'any') continue;
		output[param.name] = coerce(param.name, param.type, raw);
		const allowed = param.enum?.map((entry) => entry.value);
		if (allowed && !param.type.startsWith('array') && !allowed.includes(output[param.name])) {
			throw paramError(param.name, `取值必须是 ${allowed.join('/')} 之一 (got ${JSON.stringify(raw)})`);
		}
	}
	return output;
}

module.exports = { specs, validate, coerce };
