'use strict';
// Simulated call outcomes (seeded) and the payloads Byai builds from them: phoneLogInfo details,
// call-record / task-status / intention-change / inbound callbacks (shapes of callbacks.json).
const { hash, chinaTime, omit } = require('./util');
const { GRADE_LABELS } = require('./data');

const INTENTION = '客户意向等级';
const TAGS = '客户标签';
// Outcome mix of a real campaign: most answered, the rest spread over common failures.
const OUTCOMES = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 8, 8, 1, 2, 5, 6, 3];
const ANSWERED_GRADES = ['A', 'A', 'B', 'B', 'B', 'C', 'C', 'D', 'F'];
const TAG_TEXT = { 1: '有意向', 2: '要求回电', 3: '已有同类产品', 4: '价格敏感' };
const TAG_SETS = [[1], [2], [1, 3], [], [4]];
const REPLIES = {
	A: ['可以，你详细说说。', '听起来不错，怎么办理？', '好的，发我资料吧。'],
	B: ['嗯，你说。', '这个要考虑一下。', '先发资料我看看。'],
	C: ['不需要，谢谢。', '没兴趣。', '以后别打了。'],
	D: ['我现在在忙。', '晚点再说吧。', '开会呢。'],
	F: ['你打错了。', '我不是本人。', '喂？听不清。'],
};
const ROBOT_LINES = [
	'我们针对{产品名称}有一项专属优惠，想跟您简单介绍一下。',
	'活动在{到期日期}前办理都有效，您看您有兴趣了解吗？',
	'明白，我这边帮您记录一下，稍后专员会和您联系。',
	'另外提醒您，相关信息会以短信形式发送到您的手机。',
];

/** Everything about one finished call that the payloads are built from; `answered` forces finishStatus 0. */
function completeCall({ seed, task, customer, callInstanceId, now, callerPhone, blacklisted = false, answered: forceAnswered = false, callType = 1 }) {
	const h = hash(seed, task.callJobId || 'single', customer.phone);
	const finishStatus = blacklisted ? 11 : forceAnswered ? 0 : OUTCOMES[h % OUTCOMES.length];
	const answered = finishStatus === 0;
	const grade = answered ? ANSWERED_GRADES[(h >>> 8) % ANSWERED_GRADES.length] : 'E';
	const duration = answered ? 12 + ((h >>> 4) % 170) : 0;
	const chatRound = answered ? 2 + ((h >>> 12) % 9) : 0;
	const startMs = now - duration * 1000;
	const recording = answered ? `https://sandbox-recordings.byai.invalid/${task.companyId}/${callInstanceId}.wav` : null;
	const properties = customer.properties ?? {};
	const sceneInstance = {
		callInstanceId,
		companyId: task.companyId,
		callUserId: 1,
		callJobId: task.callJobId,
		customerId: customer.customerId,
		customerTelephone: customer.phone,
		customerName: customer.name ?? '',
		status: 2,
		finishStatus,
		duration,
		chatRound,
		startTime: chinaTime(startMs),
		endTime: chinaTime(now),
		callerPhone,
		luyinOssUrl: recording,
		userLuyinOssUrl: recording && recording.replace('.wav', '-user.wav'),
		properties: JSON.stringify(properties),
		handlePerson: task.robotName,
		callType,
		callIndex: customer.index ?? 0,
		readStatus: 0,
		jobName: task.jobName,
		robotDefId: task.robotDefId,
		sceneDefId: task.sceneDefId,
		sceneRecordId: task.sceneRecordId,
		corpName: JSON.stringify({ calledTimes: 1, callerId: callerPhone, useAsr: true }),
		industry: `${callInstanceId}_${task.companyId}_1`,
		trackResult: GRADE_LABELS[grade][0],
		bugType: null,
		hangUp: answered ? (h >>> 3) % 2 : 0,
		secondaryCallTime: '1970-01-01 08:00:00',
		secondaryCallTimes: 0,
		cost: answered ? 10 * Math.ceil(duration / 60) : 0,
		callbacked: 0,
		csStaffId: null,
		gmtCreate: chinaTime(startMs),
		gmtModified: chinaTime(now),
		propertiesMap: { 客户名称: customer.name ?? '', 联系方式: customer.phone },
		userProperties: '{}',
		customerStatus: 0,
	};
	const tags = answered ? TAG_SETS[(h >>> 16) % TAG_SETS.length] : [];
	const resultRow = (resultName, values, offset) => ({
		sceneInstanceResultId: callInstanceId * 10 + offset,
		companyId: task.companyId,
		callJobId: task.callJobId,
		sceneInstanceId: callInstanceId,
		resultName,
		resultValue: null,
		artificialResultValue: null,
		artificialChanged: 0,
		resultDesc: null,
		extra: null,
		analyzeType: 'DYNAMIC_ANALYZE_USER_LEVEL',
		resultValueAlias: null,
		resultLabels: null,
		resultValueNew: null,
		...values,
		gmtCreate: chinaTime(now),
		gmtModified: chinaTime(now),
	});
	const [older, crm] = GRADE_LABELS[grade];
	const taskResult = [
		resultRow(INTENTION, { resultValue: older, resultValueAlias: grade, resultValueNew: crm, resultDesc: answered ? `对话${chatRound}轮` : '未接通' }, 1),
		resultRow(TAGS, { resultValue: JSON.stringify(tags), resultLabels: tags.map((key) => ({ key, value: TAG_TEXT[key] })) }, 2),
	];
	return { sceneInstance, taskResult, dialogue: { grade, h, answered, properties }, jobFinished: false };
}

/** The transcript, built when asked for (50,000 stored calls need not carry theirs). */
function phoneLogOf(call) {
	const { sceneInstance: s, dialogue } = call;
	if (!dialogue.answered) return { phoneLogs: [], luyinOssUrl: s.luyinOssUrl };
	const fill = (text) => text.replace(/\{(\S+?)\}/g, (_, name) => dialogue.properties[name] || (name === '产品名称' ? '我们的新服务' : '本月底'));
	const replies = REPLIES[dialogue.grade] ?? REPLIES.B;
	const lines = [['AI', `您好，请问是${s.customerName || '机主'}吗？我是客服小百。`]];
	for (let round = 1; round < s.chatRound; round++) {
		lines.push(['ME', round === 1 ? '是我，什么事？' : replies[(dialogue.h + round) % replies.length]]);
		lines.push(['AI', fill(ROBOT_LINES[(round - 1) % ROBOT_LINES.length])]);
	}
	lines.push(['ME', replies[dialogue.h % replies.length]], ['AI', '感谢您的接听，祝您生活愉快，再见！']);
	const step = Math.floor((s.duration * 1000) / lines.length);
	const phoneLogs = lines.map(([speaker, content], index) => ({
		sceneInstanceLogId: s.callInstanceId * 100 + index,
		sceneInstanceId: s.callInstanceId,
		companyId: s.companyId,
		robotDefId: s.robotDefId,
		decisionId: speaker === 'AI' ? 1000 + index : null,
		speaker,
		content,
		userMean: speaker === 'ME' ? (dialogue.grade === 'C' ? '拒绝' : '肯定') : null,
		userMeanDetail: null,
		aiUnknown: 0,
		answerStatus: speaker === 'ME' ? 0 : null,
		studyStatus: null,
		startTime: index * step,
		endTime: index * step + step - 200,
		knowledgeBaseId: null,
		correctionContent: null,
		gmtCreate: s.gmtModified,
		gmtModified: s.gmtModified,
	}));
	return { phoneLogs, luyinOssUrl: s.luyinOssUrl };
}

/** What phoneLogInfo answers for a call. */
const callDetail = (call) => ({ sceneInstance: call.sceneInstance, taskResult: call.taskResult, phoneLog: phoneLogOf(call), jobFinished: call.jobFinished });

function gradeOf(call) {
	const row = call.taskResult.find((result) => result.resultName === INTENTION);
	return row?.artificialResultValue?.[0] || row?.resultValueAlias;
}

const wrap = (dataType, data, resultMsg = '成功') => ({ code: 200, data: { dataType, data }, resultMsg, errorStackTrace: null });

/** Callbacks say aiUnknown with a boolean (phoneLogInfo with 0/1). */
function callbackPhoneLog(call) {
	const phoneLog = phoneLogOf(call);
	return { ...phoneLog, phoneLogs: phoneLog.phoneLogs.map((line) => ({ ...line, aiUnknown: line.aiUnknown === 1 })) };
}

const callRecordPayload = (call) =>
	wrap('CALL_INSTANCE_RESULT', { sceneInstance: call.sceneInstance, taskResult: call.taskResult, phoneLog: callbackPhoneLog(call), jobFinished: call.jobFinished, sign: null, dateTime: null });

/** The CRM's manual change: only taskResult, with the bare grade letter. */
const intentionChangePayload = (call, grade) =>
	wrap('CALL_INSTANCE_RESULT', { taskResult: [{ companyId: call.sceneInstance.companyId, sceneInstanceId: call.sceneInstance.callInstanceId, resultName: INTENTION, resultValue: grade }] });

/** The task row (JOB_INFO_RESULT): no statistics. */
function taskPayload(task, now) {
	const row = {
		callJobId: task.callJobId,
		companyId: task.companyId,
		jobName: task.jobName,
		jobType: task.jobType,
		startDate: task.startDate,
		endDate: null,
		workingStartTime: task.workingStartTime,
		workingEndTime: task.workingEndTime,
		breakStartTime: task.breakStartTime,
		breakEndTime: task.breakEndTime,
		status: task.status,
		callType: task.callType,
		robotDefId: task.robotDefId,
		sceneDefId: task.sceneDefId,
		sceneRecordId: task.sceneRecordId,
		remark: task.remark,
		smsType: task.smsType,
		smsCondition: null,
		smsTemplateId: task.smsTemplateId ?? null,
		userId: 1,
		userName: '主账号',
		jobIsDelete: task.deleted,
		gmtCreate: task.gmtCreate,
		gmtModified: chinaTime(now),
	};
	return wrap('JOB_INFO_RESULT', row, '执行成功');
}

/** An inbound robot call: the outbound record with inboundInstanceId / calleePhone instead. */
function inboundPayload(call, calleePhone, now) {
	const outboundOnly = ['callInstanceId', 'callUserId', 'callIndex', 'jobName', 'handlePerson', 'cost', 'callerPhone', 'secondaryCallTime', 'secondaryCallTimes', 'corpName', 'industry', 'csStaffId'];
	const sceneInstance = { inboundInstanceId: call.sceneInstance.callInstanceId, ...omit(call.sceneInstance, outboundOnly), calleePhone, transferStatus: 0, transferInfo: null, userLevel: gradeOf(call) };
	const taskResult = call.taskResult.map((row) => ({ ...row, artificialChanged: Boolean(row.artificialChanged) }));
	return wrap('INBOUND_CALL_INSTANCE_RESULT', { sceneInstance, taskResult, phoneLog: callbackPhoneLog(call), sign: null, dateTime: new Date(now).toUTCString() });
}

module.exports = { completeCall, callDetail, gradeOf, callRecordPayload, intentionChangePayload, taskPayload, inboundPayload, INTENTION };
