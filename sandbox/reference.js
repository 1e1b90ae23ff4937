'use strict';
// The facts the sandbox needs, read from the API reference in byai-api/ (never from the nodes' code).
const fs = require('fs');
const path = require('path');

const referenceDir = process.env.BYAI_API_REFERENCE_DIR || path.join(__dirname, 'byai-api');

function load(name) {
	return JSON.parse(fs.readFileSync(path.join(referenceDir, name), 'utf8'));
}

const endpoints = load('endpoints.json');

const enumValues = (name) => endpoints.enums[name].values.map((entry) => entry.value);

module.exports = {
	endpoints: endpoints.endpoints,
	redialStatuses: enumValues('redialPhoneStatus'),
	smsSendLevels: enumValues('smsSendLevel'),
	intentionLevels: endpoints.enums.intentionLevel,
};
