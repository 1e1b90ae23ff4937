'use strict';
// Simulated call outcomes and the call-record / task / inbound payloads Byai sends (callbacks.json).
const { hash, chinaTime } = require('./util');
const { GRADE_LABELS } = require('./data');

const INTENTION = '客户意向等级';
// Seeded outcome mix of a real campaign: most answered, the rest spread over common failures.
const OUTCOMES = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 8, 8, 1, 2, 5, 6, 3];
const ANSWERED_GRADES = ['A', 'A', 'B', 'B', 'B', 'C', 'C', 'D', 'F'];
const TAGS = ['[1]', '[2]', '[1,3]', '[]'];
const DIALOGUE = [
	['AI', '您好，这里是示例科技客服，请问是{name}吗？'],
	['ME', '是的，什么事？'],
	['AI', '我们有一项新的服务想向您介绍一下，大概占用您一分钟。'],
	['ME', '好的，你说吧。'],
	['AI', '感谢您的耐心，稍后会有专人与您联系，再见。'],
];

/** One finished call: sceneInstance + taskResult + phoneLog, as phoneLogInfo returns it. */
function completeCall({ seed, task, customer, callInstanceId, now, callerPhone, blacklisted, callType = 1 }) {
	const h = hash(seed, task?.callJobId ?? 'single', customer.phone);
	const finishStatus = blacklisted ? 11 : OUTCOMES[h % OUTCOMES.length];
	const answered = finishStatus === 0;
	const grade = answered ? ANSWERED_GRADES[(h >>> 8) % ANSWERED_GRADES.length] : 'E';
	const duration = answered ? 12 + ((h >>> 4) % 170) : 0;
	const chatRound = answered ? 2 + ((h >>> 12) % 9) : 0;
	const startMs = now - duration * 1000;
	const recording = `https://sandbox-recordings.byai.invalid/${callInstanceId}.wav`;
	const phoneLogs = answered
		? DIALOGUE.slice(0, Math.min(DIALOGUE.length, chatRound)).map(([speaker, content], index) => ({
				sceneInstanceLogId: callInstanceId * 10 + index,
				sceneInstanceId: callInstanceId,
				companyId: task?.companyId ?? customer.companyId,
				robotDefId: task?.robotDefId ?? customer.robotDefId,
				decisionId: 1000 + index,
				speaker,
				content: content.replace('{name}', customer.name || '您'),
				userMean: speaker === 'ME' ? '肯定' : null,
				userMeanDetail: null,
				aiUnknown: 0,
				answerStatus: 1,
				studyStatus: 0,
				startTime: index * 4000,
				endTime: index * 4000 + 3500,
			}))
		: [];
	const [older, crm] = GRADE_LABELS[grade];
	const sceneInstance = {
		callInstanceId,
		companyId: task?.companyId ?? customer.companyId,
		callUserId: 1,
		callJobId: task?.callJobId ?? 0,
		customerId: customer.customerId,
		customerTelephone: customer.phone,
		customerName: customer.name,
		status: 2,
		finishStatus,
		duration,
		chatRound,
		startTime: chinaTime(startMs),
		endTime: chinaTime(now),
		callerPhone,
		luyinOssUrl: answered ? recording : null,
		userLuyinOssUrl: answered ? recording.replace('.wav', '-user.wav') : null,
		properties: JSON.stringify(customer.properties ?? {}),
		handlePerson: task?.robotName ?? '',
		callType,
		callIndex: customer.index ?? 0,
		readStatus: 0,
		jobName: task?.jobName ?? '',
		robotDefId: task?.robotDefId ?? customer.robotDefId,
		sceneDefId: task?.sceneDefId ?? customer.sceneDefId,
		sceneRecordId: task?.sceneRecordId ?? customer.sceneRecordId,
		trackResult: older,
		hangUp: (h >>> 3) % 2,
		secondaryCallTime: '1970-01-01 08:00:00',
		secondaryCallTimes: 0,
		cost: answered ? 10 * Math.ceil(duration / 60) : 0,
		callbacked: 0,
		gmtCreate: chinaTime(startMs),
		gmtModified: chinaTime(now),
	};
	const resultRow = (resultName, resultValue, extra = {}) => ({
		sceneInstanceResultId: callInstanceId * 10 + (resultName === INTENTION ? 1 : 2),
		companyId: sceneInstance.companyId,
		callJobId: sceneInstance.callJobId,
		sceneInstanceId: callInstanceId,
		resultName,
		resultValue,
		artificialResultValue: null,
		artificialChanged: 0,
		resultDesc: null,
		...extra,
		gmtCreate: chinaTime(now),
		gmtModified: chinaTime(now),
	});
	const taskResult = [
		resultRow(INTENTION, older, { resultValueAlias: grade, resultValueNew: crm, resultLabels: null }),
		resultRow('客户标签', TAGS[(h >>> 16) % TAGS.length]),
	];
	return { sceneInstance, taskResult, phoneLog: { phoneLogs, luyinOssUrl: sceneInstance.luyinOssUrl }, jobFinished: false };
}

function gradeOf(call) {
	const row = call.taskResult.find((result) => result.resultName === INTENTION);
	return row?.artificialResultValue || row?.resultValueAlias;
}

const wrap = (dataType, data, resultMsg = '成功') => ({ code: 200, data: { dataType, data }, resultMsg, errorStackTrace: null });

const callRecordPayload = (call) =>
	wrap('CALL_INSTANCE_RESULT', {
		sceneInstance: call.sceneInstance,
		taskResult: call.taskResult,
		phoneLog: call.phoneLog,
		jobFinished: call.jobFinished,
		sign: null,
		dateTime: null,
	});

const intentionChangePayload = (call, grade) =>
	wrap('CALL_INSTANCE_RESULT', {
		taskResult: [{ companyId: call.sceneInstance.companyId, sceneInstanceId: call.sceneInstance.callInstanceId, resultName: INTENTION, resultValue: grade }],
	});

function taskPayload(task) {
	const { callJobId, companyId, jobName, jobType, startDate, workingStartTime, workingEndTime, breakStartTime, breakEndTime, status, callType, robotDefId, sceneDefId, sceneRecordId, remark, smsType } = task;
	return wrap(
		'JOB_INFO_RESULT',
		{
			callJobId, companyId, jobName, jobType, startDate, endDate: null, workingStartTime, workingEndTime, breakStartTime, breakEndTime,
			status, callType, robotDefId, sceneDefId, sceneRecordId, remark, smsType, smsCondition: null, smsTemplateId: task.smsTemplateId ?? null,
			userId: 1, userName: '主账号', gmtCreate: task.gmtCreate, gmtModified: chinaTime(Date.now()),
		},
		'执行成功',
	);
}

function inboundPayload(call, inboundInstanceId, calleePhone) {
	const { callInstanceId, callUserId, callIndex, jobName, handlePerson, cost, callerPhone, secondaryCallTime, secondaryCallTimes, ...rest } = call.sceneInstance;
	const sceneInstance = { inboundInstanceId, ...rest, calleePhone, transferStatus: 0, transferInfo: null, userLevel: gradeOf(call), callType: 101 };
	const taskResult = call.taskResult.map((row) => ({ ...row, sceneInstanceId: inboundInstanceId, artificialChanged: false }));
	return wrap('INBOUND_CALL_INSTANCE_RESULT', { sceneInstance, taskResult, phoneLog: call.phoneLog, sign: null, dateTime: new Date().toUTCString() });
}

module.exports = { completeCall, gradeOf, callRecordPayload, intentionChangePayload, taskPayload, inboundPayload, INTENTION };
