'use strict';
// The seeded account: companies, caller lines, robot scripts, SMS templates, blacklists.
// Ids are fixed (other tests use them: lines 101-105 belong to 3811, 106-110 to 3812, ...); the seed
// varies names, numbers and call outcomes. Append new seeded things after the existing ones only.
const { seededRandom, chinaTime } = require('./util');
const { intentionLevels } = require('./reference');

/** Filled by Byai from the customer's name and number; never needed in import properties. */
const BUILT_IN_VARIABLES = ['客户名称', '联系方式'];

/** Grade letter → [older label, CRM label], from the reference's "A级(较强) / A级(有明确意向)". */
const GRADE_LABELS = Object.fromEntries(intentionLevels.values.map((v) => [v.value, v.labelZh.split(' / ')]));

const COMPANIES = [
	{ companyId: 3811, companyName: '杭州示例科技有限公司', bound: true },
	{ companyId: 3812, companyName: '上海云呼信息技术有限公司', bound: true },
	{ companyId: 3813, companyName: '深圳测试保险代理有限公司', bound: true },
	{ companyId: 9999, companyName: '北京未授权演示有限公司', bound: false },
];
const SEATS_PER_COMPANY = 10;
// One line per phoneType plus a mobile line that is out of service (available=false).
const LINES = [
	{ phoneType: 0, phoneName: '手机线路', available: true },
	{ phoneType: 1, phoneName: '固话线路', available: true },
	{ phoneType: 2, phoneName: '无主叫线路', available: true },
	{ phoneType: 6, phoneName: 'SIP线路', available: true },
	{ phoneType: 0, phoneName: '备用手机线路', available: false },
];
const ROBOTS = [
	{ name: '信用卡分期回访', industry: ['金融', '信用卡'], variables: ['产品名称', '到期日期'], robotStatus: 1 },
	{ name: '课程体验邀约', industry: ['教育', 'K12'], variables: [], robotStatus: 1 },
	{ name: '保险续保提醒', industry: ['保险', '车险'], variables: ['车牌号'], robotStatus: 2 },
	{ name: '草稿话术', industry: ['通用', '其他'], variables: [], robotStatus: 0 },
];
// Audit status 1 under review, 2 approved, 3 rejected; type 1 notice, 2 marketing, 3 code, 4 financial.
const SMS_TEMPLATES = [
	{ name: '到期提醒', status: 1, type: 1, content: '尊敬的客户，您的服务即将到期，请及时续费。' },
	{ name: '活动通知', status: 2, type: 2, content: '感谢您接听我们的电话，详情请访问官网。' },
	{ name: '验证码', status: 3, type: 3, content: '您的验证码是${code}，5分钟内有效。' },
	{ name: '回访感谢', status: 2, type: 1, content: '感谢您抽出宝贵时间接听回访电话。' },
	{ name: '营销推广', status: 1, type: 4, content: '您有一笔分期优惠待领取，回复TD退订。' },
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰'];

function mobile(random) {
	const prefix = ['138', '139', '150', '186', '177', '135'][Math.floor(random() * 6)];
	return prefix + String(Math.floor(random() * 1e8)).padStart(8, '0');
}

const personName = (random) => SURNAMES[Math.floor(random() * 10)] + GIVEN[Math.floor(random() * 10)];

/** Builds the account for a seed: Map companyId → company, and the next free ids. */
function seedAccount(seed, now) {
	const random = seededRandom(seed);
	const ids = { line: 100, robot: 200, scene: 300, record: 400, template: 500, group: 600, blacklist: 7000 };
	const companies = new Map();

	for (const { companyId, companyName, bound } of COMPANIES) {
		const lines = LINES.map(({ phoneType, phoneName, available }) => {
			const userPhoneId = ++ids.line;
			return {
				userPhoneId,
				callerAccountId: null,
				phone: phoneType === 0 ? mobile(random) : phoneType === 2 ? '无主叫线路' : `0571${80000000 + userPhoneId}`,
				account: phoneType === 6 ? `sip-${userPhoneId}` : null,
				phoneName,
				phoneType,
				available,
				useAvailable: available,
				totalConcurrencyQuota: phoneType === 0 ? 5 : null,
				usedConcurrencyQuota: 0,
				billPeriod: 60,
				validityBegin: chinaTime(now - 180 * 86400e3),
				validityEnd: chinaTime(now + 185 * 86400e3),
				sceneType: 2,
				lineAmount: Math.round(random() * 100000) / 100,
			};
		});
		const robots = ROBOTS.map(({ name, industry, variables, robotStatus }) => ({
			robotDefId: ++ids.robot,
			robotName: name,
			sceneDefId: ++ids.scene,
			sceneRecords: [
				{ sceneRecordId: ++ids.record, sceneRecordName: `${name}-女声` },
				{ sceneRecordId: ++ids.record, sceneRecordName: `${name}-男声` },
			],
			industryOneName: industry[0],
			industryTwoName: industry[1],
			gmtModify: chinaTime(now - Math.floor(random() * 30) * 86400e3),
			// Not part of getRobots' answer: the script's variables and publication state.
			variables: [...BUILT_IN_VARIABLES, ...variables],
			robotStatus,
		}));
		const smsTemplates = SMS_TEMPLATES.map(({ name, status, type, content }, index) => ({
			smsTemplateId: ++ids.template,
			companyId,
			name,
			smsTemplateSignId: 90 + index,
			smsTemplateSignName: `【${companyName.slice(2, 4)}】`,
			type,
			content,
			status,
			failReason: status === 3 ? '签名未报备' : null,
			gmtCreate: chinaTime(now - 20 * 86400e3),
			gmtModified: chinaTime(now - 10 * 86400e3),
		}));
		const numbers = (count) =>
			Array.from({ length: count }, () => ({
				blacklistInfoId: ++ids.blacklist,
				name: personName(random),
				mobile: mobile(random),
				remark: '客户要求不再来电',
				gmtCreate: chinaTime(now - Math.floor(random() * 90) * 86400e3),
			}));
		const blacklistGroups = [
			{ blacklistInfoGroupId: -1, name: '默认分组', publicFlag: true, remark: '公司默认黑名单', numbers: numbers(8) },
			{ blacklistInfoGroupId: ++ids.group, name: '投诉客户', publicFlag: false, remark: '12315 投诉', numbers: numbers(45) },
			{ blacklistInfoGroupId: ++ids.group, name: '空分组', publicFlag: false, remark: null, numbers: [] },
		];
		companies.set(companyId, { companyId, companyName, bound, seats: SEATS_PER_COMPANY, lines, robots, smsTemplates, blacklistGroups });
	}
	return { companies, nextIds: { blacklist: ids.blacklist, group: ids.group } };
}

module.exports = { seedAccount, BUILT_IN_VARIABLES, GRADE_LABELS, personName };
