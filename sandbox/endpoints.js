'use strict';
// The 30 OpenAPI endpoints as a table: path → handler. Methods and parameter specs (required, types,
// enums, ranges, paging defaults and caps) come from endpoints.json via validate.js; handlers get
// validated parameters and return `data` or throw a ByaiError.
const { paramError, notFound, page, chinaTime } = require('./util');
const { PHONE, DATE } = require('./tasks');
const { callDetail, INTENTION } = require('./calls');
const { GRADE_LABELS } = require('./data');

const DATE_OR_DATETIME = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/;
const GRADES = Object.keys(GRADE_LABELS);

// ---- response shapes -------------------------------------------------------------------------
const robotView = ({ robotDefId, robotName, sceneDefId, sceneRecords, industryOneName, industryTwoName, gmtModify }) => ({ robotDefId, robotName, sceneDefId, sceneRecords, industryOneName, industryTwoName, gmtModify });

const taskLines = (task) =>
	task.lines.map((line) => ({ jobPhoneId: task.callJobId * 1000 + line.userPhoneId, userPhoneId: line.userPhoneId, callJobId: task.callJobId, phone: line.phone, phoneName: line.phoneName }));

function taskRow(task) {
	const count = (predicate) => task.done.reduce((sum, call) => sum + (predicate(call.sceneInstance.finishStatus) ? 1 : 0), 0);
	return {
		callJobId: task.callJobId,
		jobName: task.jobName,
		jobType: task.jobType,
		startDate: task.startDate,
		workingStartTime: task.workingStartTime,
		workingEndTime: task.workingEndTime,
		breakStartTime: task.breakStartTime,
		breakEndTime: task.breakEndTime,
		status: task.status,
		sceneDefId: task.sceneDefId,
		remark: task.remark,
		totalCount: task.customers.size,
		doneCount: task.done.length,
		calledCount: count((s) => s === 0),
		rejectedCount: count((s) => s === 1),
		unavailableCount: count((s) => [2, 4, 5, 7].includes(s)),
		fromUnavailableCount: count((s) => s === 3),
		sceneDefName: task.robotName,
		callPhones: taskLines(task),
		callType: task.callType,
		concurrencyQuota: task.concurrencyQuota,
		gmtCreate: task.gmtCreate,
	};
}

function taskDetail(task) {
	const bucket = (values, ranges) => ranges.map(([name, lo, hi]) => ({ name, value: values.filter((v) => v >= lo && v <= hi).length }));
	const answered = task.done.filter((c) => c.sceneInstance.finishStatus === 0).map((c) => c.sceneInstance);
	const grades = task.done.map((c) => c.taskResult.find((r) => r.resultName === INTENTION));
	const gradeOfRow = (row) => row?.artificialResultValue?.[0] ?? row?.resultValueAlias;
	return {
		...taskRow(task),
		robotDefName: task.robotName,
		sceneRecordName: task.sceneRecordName,
		durationStat: bucket(answered.map((s) => s.duration), [['10秒以下', 0, 9], ['10-59秒', 10, 59], ['1分钟-1分59秒', 60, 119], ['2分钟以上', 120, Infinity]]),
		chatRoundStat: bucket(answered.map((s) => s.chatRound), [['0-2轮', 0, 2], ['3-4轮', 3, 4], ['5-6轮', 5, 6], ['7-9轮', 7, 9], ['10轮以上', 10, Infinity]]),
		resultDefs: [{ name: INTENTION, values: GRADES.map((g) => GRADE_LABELS[g][1]) }],
		extraStat: { [INTENTION]: GRADES.map((g) => ({ name: GRADE_LABELS[g][1], value: grades.filter((row) => gradeOfRow(row) === g).length })) },
	};
}

function doneRow(call, task) {
	const s = call.sceneInstance;
	return {
		callInstanceId: s.callInstanceId,
		sceneDefId: s.sceneDefId,
		callJobId: s.callJobId,
		customerTelephone: s.customerTelephone,
		customerName: s.customerName,
		status: s.status,
		finishStatus: s.finishStatus,
		duration: String(s.duration), // the docs' sample sends seconds as a string ("27")
		chatRound: s.chatRound,
		startTime: s.startTime,
		endTime: s.endTime,
		callerPhone: s.callerPhone,
		callIndex: s.callIndex,
		luyinOssUrl: s.luyinOssUrl,
		secondaryCallTime: s.secondaryCallTime,
		secondaryCallTimes: s.secondaryCallTimes,
		jobName: task.jobName,
		properties: s.properties,
		// {name, value} as documented, plus the taskResult fields the CRM sends alongside.
		resultList: call.taskResult.map((r) => ({
			name: r.resultName,
			value: r.artificialResultValue ?? r.resultValueNew ?? r.resultValue,
			resultName: r.resultName,
			resultValue: r.resultValue,
			resultValueAlias: r.resultValueAlias,
			resultValueNew: r.resultValueNew,
			artificialResultValue: r.artificialResultValue,
		})),
	};
}

/** resultQueryList entries match any label of a row: older, CRM, letter or manual correction. */
const matchesResult = (call, query) =>
	call.taskResult.some((r) => r.resultName === query.name && [r.resultValue, r.resultValueNew, r.resultValueAlias, r.artificialResultValue].includes(query.value));

const inRange = (value, lo, hi) => (lo === undefined || value >= lo) && (hi === undefined || value <= hi);

/** 'yyyy-MM-dd' or 'yyyy-MM-dd HH:mm:ss' → comparable China-time text; date-only ends include the whole day. */
function timeBound(field, value, endOfDay) {
	if (!DATE_OR_DATETIME.test(value) || !DATE.test(value.slice(0, 10))) throw paramError(field, `格式必须是 yyyy-MM-dd 或 yyyy-MM-dd HH:mm:ss (收到 ${value})`);
	return value.length === 10 ? `${value} ${endOfDay ? '23:59:59' : '00:00:00'}` : value;
}

function blacklistEntry(account, { name, mobile, remark }) {
	return { blacklistInfoId: ++account.nextIds.blacklist, name: name ?? '', mobile, remark: remark ?? null, gmtCreate: chinaTime(account.clock()) };
}

function checkMobile(field, value) {
	if (!PHONE.test(value)) throw paramError(field, `号码格式不正确 (收到 ${value})`);
}

/** path → { handler(params), envelope? } for one account. */
function endpointTable(account, callbacks) {
	const company = (p) => account.company(p.companyId);
	/** A customer of any of the company's tasks, found without copying them all (seeded tasks are large). */
	const findCustomer = (companyId, customerId) => {
		for (const task of account.tasks.values()) {
			if (task.companyId !== companyId) continue;
			for (const customer of task.customers.values()) if (customer.customerId === customerId) return customer;
		}
		return undefined;
	};
	return {
		'/openapi/v1/company/getCompanys': {
			handler: () => [...account.companies.values()].filter((c) => c.bound).map(({ companyId, companyName }) => ({ companyId, companyName })),
		},
		'/openapi/v1/company/getPhones': {
			handler: (p) => company(p).lines,
		},
		'/openapi/v1/company/getRobots': {
			// 0 all, 1 online, 2 ever published (online ones included).
			handler: (p) => company(p).robots.filter((r) => [true, r.robotStatus === 1, r.robotStatus >= 1][p.robotStatus ?? 0]).map(robotView),
		},
		'/openapi/v1/task/getSceneVariables': {
			handler: (p) => {
				const robot = company(p).robots.find((r) => r.sceneDefId === p.sceneDefId);
				if (!robot) throw notFound(`场景不存在: sceneDefId ${p.sceneDefId}`);
				return robot.variables;
			},
		},
		'/openapi/v1/company/seat/statistics': {
			handler: (p) => {
				const { companyId, seats } = company(p);
				return { companyAllCallSeat: seats, companyUsingCallSeat: Math.min(account.seatsInUse(companyId), seats) };
			},
		},
		'/openapi/v1/sms/template/list': {
			envelope: 'sms', // {data, code, msg, success} as in the docs' sample
			handler: (p) => page(company(p).smsTemplates.filter((t) => p.status === undefined || t.status === p.status), p.pageNum, p.pageSize),
		},
		'/openapi/v1/company/addBlackList': {
			handler: (p) => {
				const group = account.group(company(p), -1);
				checkMobile('mobile', p.mobile);
				const existing = group.numbers.find((n) => n.mobile === p.mobile);
				if (existing) return existing.blacklistInfoId;
				const entry = blacklistEntry(account, p);
				group.numbers.push(entry);
				return entry.blacklistInfoId;
			},
		},
		'/openapi/v1/company/addBlackList/batch': {
			handler: (p) => {
				const group = account.group(company(p), p.blacklistInfoGroupId);
				if (!p.blacklist.length) throw paramError('blacklist', '不能为空');
				p.blacklist.forEach((entry, index) => checkMobile(`blacklist[${index}].mobile`, entry.mobile));
				let successNum = 0;
				for (const entry of p.blacklist) {
					if (group.numbers.some((n) => n.mobile === entry.mobile)) continue; // already listed: not counted
					group.numbers.push(blacklistEntry(account, entry));
					successNum++;
				}
				return { requsetNum: p.blacklist.length, successNum }; // sic: Byai's spelling
			},
		},
		'/openapi/v1/company/blacklist/group/list': {
			handler: (p) => company(p).blacklistGroups.map(({ blacklistInfoGroupId, name, publicFlag, remark }) => ({ blacklistInfoGroupId, name, publicFlag, remark })),
		},
		'/openapi/v1/company/blacklist/group/add': {
			handler: (p) => {
				const { blacklistGroups } = company(p);
				if (!p.name.trim()) throw paramError('name', '不能为空');
				if (blacklistGroups.some((g) => g.name === p.name)) throw paramError('name', `分组名称已存在: ${p.name}`);
				const group = { blacklistInfoGroupId: ++account.nextIds.group, name: p.name, publicFlag: false, remark: p.remark ?? null, numbers: [] };
				blacklistGroups.push(group);
				return group.blacklistInfoGroupId;
			},
		},
		'/openapi/v1/company/blacklist/group/edit': {
			handler: (p) => {
				const target = company(p);
				const { blacklistGroups } = target;
				const group = account.group(target, p.blacklistInfoGroupId);
				if (!p.name.trim()) throw paramError('name', '不能为空');
				if (blacklistGroups.some((g) => g !== group && g.name === p.name)) throw paramError('name', `分组名称已存在: ${p.name}`);
				group.name = p.name;
				if (p.remark !== undefined) group.remark = p.remark;
				return true;
			},
		},
		'/openapi/v1/company/blacklist/group/delete': {
			handler: (p) => {
				const target = company(p);
				const { blacklistGroups } = target;
				const group = account.group(target, p.blacklistInfoGroupId);
				if (group.blacklistInfoGroupId === -1) throw paramError('blacklistInfoGroupId', '默认分组不能删除');
				if (group.numbers.length) throw paramError('blacklistInfoGroupId', `分组下还有 ${group.numbers.length} 个号码，请先删除号码`);
				blacklistGroups.splice(blacklistGroups.indexOf(group), 1);
				return true;
			},
		},
		'/openapi/v1/company/blacklist/info/page': {
			handler: (p) => page(account.group(company(p), p.blacklistInfoGroupId).numbers, p.pageNum, p.pageSize),
		},
		'/openapi/v1/company/blacklist/info/delete': {
			handler: (p) => {
				const group = account.group(company(p), p.blacklistInfoGroupId);
				const index = group.numbers.findIndex((n) => n.mobile === p.mobile);
				if (index < 0) throw notFound(`号码 ${p.mobile} 不在分组 ${p.blacklistInfoGroupId} 中`);
				group.numbers.splice(index, 1);
				return true;
			},
		},
		'/openapi/v1/task/createTask': {
			handler: (p) => account.createTask(p).callJobId,
		},
		'/openapi/v1/task/start': { handler: (p) => account.start(p.taskId) },
		'/openapi/v1/task/pause': { handler: (p) => account.pause(p.taskId) },
		'/openapi/v1/task/stop': { handler: (p) => account.stop(p.taskId) },
		'/openapi/v1/task/delete': { handler: (p) => account.delete(p.taskId) },
		'/openapi/v1/task/update': { handler: (p) => account.updateTask(p) },
		'/openapi/v1/task/getTasks': {
			handler: (p) => {
				company(p);
				if (p.createDate !== undefined && !DATE.test(p.createDate)) throw paramError('createDate', `格式必须是 yyyy-MM-dd (收到 ${p.createDate})`);
				const tasks = [...account.tasks.values()]
					.filter((t) => t.companyId === p.companyId && (p.needAll || !t.deleted))
					.filter((t) => p.taskName === undefined || t.jobName.includes(p.taskName))
					.filter((t) => p.status === undefined || t.status === p.status)
					.filter((t) => p.createDate === undefined || t.gmtCreate.startsWith(p.createDate))
					.reverse(); // newest first
				const result = page(tasks, p.pageNum, p.pageSize);
				return { ...result, list: result.list.map(taskRow) }; // shape only the page asked for
			},
		},
		'/openapi/v1/task/getTaskDetail': {
			handler: (p) => taskDetail(account.task(p.taskId, p.companyId)),
		},
		'/openapi/v1/task/importTaskCustomer': {
			handler: (p) => {
				account.importCustomers(p);
				return null; // v1: no counts
			},
		},
		'/openapi/v2/task/importTaskCustomer': {
			handler: (p) => account.importCustomers(p),
		},
		'/openapi/v1/task/notDialedCustomerList': {
			handler: (p) => {
				const task = account.task(p.taskId);
				const result = page(task.pending, p.pageNum, p.pageSize);
				const row = (c) => ({ callInstanceId: c.callInstanceId, customerName: c.name, customerTelephone: c.phone, status: 0, startTime: null, callerPhone: task.lines[0].phone, corpName: null, calledTimes: 0, properties: JSON.stringify(c.properties) });
				return { ...result, list: result.list.map(row) };
			},
		},
		'/openapi/v1/task/call': {
			handler: (p) => {
				const target = company(p);
				const robot = account.robot(target, p.robotDefId);
				checkMobile('mobile', p.mobile);
				const known = findCustomer(target.companyId, p.customerId);
				if (!known) throw notFound(`客户不存在: customerId ${p.customerId}`);
				account.singleCall(target, robot, { ...known, phone: p.mobile, properties: p.variables ?? {} });
				return null;
			},
		},
		'/openapi/v1/task/singleCallByMobile': {
			handler: (p) => {
				const target = company(p);
				const robot = account.robot(target, p.robotDefId);
				if (p.sceneDefId !== robot.sceneDefId) throw paramError('sceneDefId', `与话术 ${robot.robotDefId} 的场景 ${robot.sceneDefId} 不一致`);
				if (!robot.sceneRecords.some((r) => r.sceneRecordId === p.sceneRecordId)) throw paramError('sceneRecordId', `话术 ${robot.robotDefId} 没有录音 ${p.sceneRecordId}`);
				checkMobile('mobile', p.mobile);
				return account.singleCall(target, robot, { customerId: ++account.nextIds.customer, name: p.userName ?? '', phone: p.mobile, properties: p.variables ?? {}, sceneRecordId: p.sceneRecordId });
			},
		},
		'/openapi/v1/task/queryDoneTaskPhones': {
			handler: (p) => {
				const task = account.task(p.callJobId);
				if (p.resultQueryList !== undefined && !p.resultQueryList.every((q) => q && typeof q.name === 'string' && typeof q.value === 'string')) {
					throw paramError('resultQueryList', '每一项必须是 {name, value} 字符串');
				}
				const wanted = p.resultQueryList ?? [];
				const rows = task.done.filter(({ sceneInstance: s }) => inRange(s.duration, p.durationLeft, p.durationRight) && inRange(s.chatRound, p.chatRoundLeft, p.chatRoundRight) && (p.finishStatus === undefined || s.finishStatus === p.finishStatus)).filter((call) => wanted.every((q) => matchesResult(call, q)));
				const result = page(rows, p.pageNum, p.pageSize);
				return { ...result, list: result.list.map((call) => doneRow(call, task)) }; // a 50,000-call task is shaped one page at a time
			},
		},
		'/openapi/v1/task/phoneLogInfo': {
			handler: (p) => {
				const call = account.call(p.callInstanceId);
				const line = account.companies.get(call.sceneInstance.companyId).lines.find((l) => l.phone === call.sceneInstance.callerPhone);
				return {
					...callDetail(call),
					voipCallerAccount: line ? { callerAccountId: line.userPhoneId, phoneType: line.phoneType, sceneType: line.sceneType, account: line.account, concurrencyQuota: line.totalConcurrencyQuota } : null,
				};
			},
		},
		'/openapi/v1/callBack/queryUnCallBack': {
			handler: (p) => {
				company(p);
				// A filter, but on a task that never existed in this company (deleted ones count) → 404.
				if (p.callJobId !== undefined && account.tasks.get(p.callJobId)?.companyId !== p.companyId) throw notFound(`任务不存在: callJobId ${p.callJobId}`);
				const from = timeBound('startDate', p.startDate, false);
				const to = timeBound('endDate', p.endDate, true);
				const type = p.dataType === 1 ? 'inboundCallRecord' : 'callRecord';
				const rows = callbacks
					.undelivered(type)
					.map((delivery) => delivery.payload.data.data.sceneInstance)
					.filter((s) => s.companyId === p.companyId && (p.callJobId === undefined || s.callJobId === p.callJobId) && s.endTime >= from && s.endTime <= to)
					.map((s) => ({ callJobId: s.callJobId, callInstanceId: s.callInstanceId ?? s.inboundInstanceId, customerTelephone: s.customerTelephone, callerTime: s.startTime }));
				return page(rows, p.pageNum, p.pageSize);
			},
		},
	};
}

module.exports = { endpointTable };
