'use strict';
// The seeded account: companies, caller lines, robot scripts, SMS templates, blacklists.
const { seededRandom, chinaTime } = require('./util');
const { intentionLevels } = require('./reference');

const BUILT_IN_VARIABLES = ['客户名称', '联系方式'];

/** Grade letter → [older label, CRM label], from the reference's "A级(较强) / A级(有明确意向)". */
const GRADE_LABELS = Object.fromEntries(intentionLevels.values.map((v) => [v.value, v.labelZh.split(' / ')]));

const COMPANY_NAMES = {
	3811: '杭州示例科技有限公司',
	3812: '上海云呼信息技术有限公司',
	3813: '深圳测试保险代理有限公司',
	9999: '未绑定的演示公司',
};
const ROBOT_TEMPLATES = [
	{ name: '信用卡分期回访', industry: ['金融', '信用卡'], variables: ['产品名称', '到期日期'], status: 1 },
	{ name: '课程体验邀约', industry: ['教育', 'K12'], variables: [], status: 1 },
	{ name: '保险续保提醒', industry: ['保险', '车险'], variables: ['车牌号'], status: 2 },
	{ name: '草稿话术', industry: ['通用', '其他'], variables: [], status: 0 },
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰'];

function mobile(random) {
	const prefix = ['138', '139', '150', '186', '177', '135'][Math.floor(random() * 6)];
	return prefix + String(Math.floor(random() * 1e8)).padStart(8, '0');
}

/** Builds the account for a seed. Ids are stable; only the seed varies names, numbers and outcomes. */
function seedAccount(seed, now) {
	const random = seededRandom(seed);
	const companies = new Map();
	let lineId = 100;
	let robotId = 200;
	let sceneId = 300;
	let recordId = 400;
	let templateId = 500;
	let groupId = 600;
	let blacklistId = 7000;

	for (const [id, companyName] of Object.entries(COMPANY_NAMES)) {
		const companyId = Number(id);
		const lines = [0, 1, 2, 6, 0].map((phoneType, index) => ({
			userPhoneId: ++lineId,
			callerAccountId: null,
			phone: phoneType === 0 ? mobile(random) : phoneType === 2 ? '无主叫线路' : `0571${String(80000000 + lineId)}`,
			account: phoneType === 6 ? `sip-${lineId}` : null,
			phoneName: ['手机线路', '固话线路', '无主叫线路', 'SIP线路', '备用手机线路'][index],
			phoneType,
			available: index !== 4,
			useAvailable: index !== 4,
			totalConcurrencyQuota: phoneType === 0 ? 5 : null,
			usedConcurrencyQuota: 0,
			billPeriod: 60,
			validityBegin: chinaTime(now - 180 * 86400e3),
			validityEnd: chinaTime(now + 185 * 86400e3),
			sceneType: 2,
			lineAmount: Math.round(random() * 100000) / 100,
		}));
		const robots = ROBOT_TEMPLATES.map((template) => {
			const robot = {
				robotDefId: ++robotId,
				robotName: template.name,
				sceneDefId: ++sceneId,
				sceneRecords: [
					{ sceneRecordId: ++recordId, sceneRecordName: `${template.name}-女声` },
					{ sceneRecordId: ++recordId, sceneRecordName: `${template.name}-男声` },
				],
				industryOneName: template.industry[0],
				industryTwoName: template.industry[1],
				gmtModify: chinaTime(now - Math.floor(random() * 30) * 86400e3),
			};
			// Kept outside the API shape: the script's variables and publication state.
			Object.defineProperties(robot, {
				variables: { value: [...BUILT_IN_VARIABLES, ...template.variables] },
				robotStatus: { value: template.status },
			});
			return robot;
		});
		const smsTemplates = [1, 2, 3, 2, 1].map((status, index) => ({
			smsTemplateId: ++templateId,
			companyId,
			name: ['到期提醒', '活动通知', '验证码', '回访感谢', '营销推广'][index],
			smsTemplateSignId: 90 + index,
			smsTemplateSignName: '【示例科技】',
			type: [1, 2, 3, 1, 2][index],
			content: index === 2 ? '您的验证码是${code}' : '感谢您接听我们的电话，详情请访问官网。',
			status,
			failReason: status === 3 ? '签名未报备' : null,
			gmtCreate: chinaTime(now - 20 * 86400e3),
			gmtModified: chinaTime(now - 10 * 86400e3),
		}));
		const groupNumbers = (count) =>
			Array.from({ length: count }, () => ({
				blacklistInfoId: ++blacklistId,
				name: SURNAMES[Math.floor(random() * 10)] + GIVEN[Math.floor(random() * 10)],
				mobile: mobile(random),
				remark: '客户要求不再来电',
				gmtCreate: chinaTime(now - Math.floor(random() * 90) * 86400e3),
			}));
		const blacklistGroups = [
			{ blacklistInfoGroupId: -1, name: '默认分组', publicFlag: 1, remark: '公司默认黑名单', numbers: groupNumbers(8) },
			{ blacklistInfoGroupId: ++groupId, name: '投诉客户', publicFlag: 0, remark: '12315 投诉', numbers: groupNumbers(45) },
			{ blacklistInfoGroupId: ++groupId, name: '空分组', publicFlag: 0, remark: '', numbers: [] },
		];
		companies.set(companyId, {
			companyId,
			companyName,
			bound: companyId !== 9999,
			seats: 10,
			lines,
			robots,
			smsTemplates,
			blacklistGroups,
		});
	}
	return { companies, nextIds: { blacklistId, groupId } };
}

function randomName(random) {
	return SURNAMES[Math.floor(random() * 10)] + GIVEN[Math.floor(random() * 10)];
}

module.exports = { seedAccount, BUILT_IN_VARIABLES, GRADE_LABELS, randomName, mobile };
