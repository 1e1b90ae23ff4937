'use strict';
// Byai's side of the OpenAPI: account state, task state machine, simulated dialer and every endpoint.
const { seedAccount, BUILT_IN_VARIABLES, GRADE_LABELS } = require('./data');
const { completeCall, gradeOf, callRecordPayload, intentionChangePayload, taskPayload, inboundPayload, INTENTION } = require('./calls');
const { ByaiError, paramError, page, chinaTime, chinaDate, hash } = require('./util');
const { redialStatuses, smsSendLevels } = require('./reference');

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_OR_DATETIME = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/;
const PHONE = /^(1[3-9]\d{9}|0\d{9,11}|\d{3,8})$/;
const IMPORT_LIMIT = 10_000;
const RUNNING = 1;
const FINISHED_STATES = [2, 6];

class ByaiAccount {
	constructor({ seed, callbacks, clock, dialer }) {
		this.callbacks = callbacks;
		this.clock = clock;
		this.dialerConfig = { paused: false, callIntervalMs: 20, ...dialer };
		this.reset(seed);
	}

	reset(seed = this.seed) {
		this.seed = seed;
		const account = seedAccount(seed, this.clock());
		this.companies = account.companies;
		this.nextIds = { ...account.nextIds, task: 1000, call: 500000, customer: 800000, inbound: 90000 };
		this.tasks = new Map();
		this.calls = new Map();
		this.inbound = new Map();
	}

	// ---- lookups -------------------------------------------------------------------------------
	company(companyId) {
		const company = this.companies.get(companyId);
		if (!company) throw new ByaiError(404, `公司不存在: companyId ${companyId}`);
		if (!company.bound) throw new ByaiError(403, `无权限操作该公司: companyId ${companyId} 未绑定到当前 appKey`);
		return company;
	}

	task(taskId, companyId) {
		const task = this.tasks.get(taskId);
		if (!task || task.deleted) throw new ByaiError(404, `任务不存在: taskId ${taskId}`);
		this.company(task.companyId);
		if (companyId !== undefined && task.companyId !== companyId) throw new ByaiError(403, `任务 ${taskId} 不属于公司 ${companyId}`);
		return task;
	}

	robot(company, robotDefId) {
		const robot = company.robots.find((r) => r.robotDefId === robotDefId);
		if (!robot) throw paramError('robotDefId', `话术不存在: ${robotDefId}`);
		return robot;
	}

	group(company, groupId) {
		const group = company.blacklistGroups.find((g) => g.blacklistInfoGroupId === groupId);
		if (!group) throw new ByaiError(404, `黑名单分组不存在: blacklistInfoGroupId ${groupId}`);
		return group;
	}

	isBlacklisted(companyId, phone) {
		return this.companies.get(companyId).blacklistGroups.some((g) => g.numbers.some((n) => n.mobile === phone));
	}

	// ---- task rules ----------------------------------------------------------------------------
	checkSchedule(input, { requireStartDate }) {
		const params = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined));
		if (requireStartDate && params.startDate === undefined) throw paramError('startDate', '定时任务必须填写开始日期 (yyyy-MM-dd)');
		if (params.startDate !== undefined && !DATE.test(params.startDate)) throw paramError('startDate', '格式必须是 yyyy-MM-dd');
		for (const field of ['workingStartTime', 'workingEndTime', 'breakStartTime', 'breakEndTime']) {
			if (params[field] !== undefined && !TIME.test(params[field])) throw paramError(field, '格式必须是 HH:mm');
		}
		const start = params.workingStartTime ?? '09:00';
		const end = params.workingEndTime ?? '20:00';
		if (start < '09:00' || end > '20:00' || start >= end) throw paramError('workingStartTime', '外呼时间必须在 09:00-20:00 之间且开始早于结束');
		if ((params.breakStartTime === undefined) !== (params.breakEndTime === undefined)) throw paramError('breakStartTime', '休息开始和结束时间必须同时填写');
		if (params.breakStartTime !== undefined && (params.breakStartTime < start || params.breakEndTime > end || params.breakStartTime >= params.breakEndTime)) {
			throw paramError('breakStartTime', '休息时间必须在外呼时间之内且开始早于结束');
		}
	}

	checkRedial(params) {
		for (const [index, rule] of (params.repeatCallRule ?? []).entries()) {
			const field = `repeatCallRule[${index}]`;
			if (!redialStatuses.includes(rule?.phoneStatus)) throw paramError(`${field}.phoneStatus`, `取值必须是 ${redialStatuses.join('/')} 之一`);
			if (!Number.isInteger(rule.times) || rule.times < 1 || rule.times > 5) throw paramError(`${field}.times`, '必须在 1-5 之间');
			if (!Number.isInteger(rule.interval) || rule.interval < 0 || rule.interval > 120) throw paramError(`${field}.interval`, '必须在 0-120 分钟之间');
		}
	}

	checkSms(company, params) {
		for (const level of params.smsSendLevel ?? []) {
			if (!smsSendLevels.includes(level)) throw paramError('smsSendLevel', `取值必须是 ${smsSendLevels.join('/')} 之一`);
		}
		if (params.smsTemplateId !== undefined) {
			const template = company.smsTemplates.find((t) => t.smsTemplateId === params.smsTemplateId);
			if (!template || template.status !== 2) throw paramError('smsTemplateId', '短信模板不存在或未审核通过');
		}
	}

	lines(company, ids, callType) {
		if (!ids.length) throw paramError('userPhoneIds', '至少选择一条线路');
		return ids.map((id) => {
			const line = company.lines.find((l) => l.userPhoneId === Number(id));
			if (!line) throw paramError('userPhoneIds', `线路不存在: ${id}`);
			if (!line.useAvailable) throw paramError('userPhoneIds', `线路不可用: ${id}`);
			if (line.phoneType !== callType) throw paramError('callType', `线路 ${id} 的类型是 ${line.phoneType}，与 callType ${callType} 不一致`);
			return line;
		});
	}

	setStatus(task, status) {
		if (task.status === status) return;
		task.status = status;
		if ([2, 4, 5, 9, 10].includes(status)) this.callbacks.send('taskStatus', taskPayload(task), { taskId: task.callJobId });
	}

	// ---- dialer --------------------------------------------------------------------------------
	/** Completes the next pending call of a running task; returns false when nothing was dialled. */
	dialNext(task) {
		if (task.status !== RUNNING) return false;
		const customer = task.pending.shift();
		if (!customer) return false;
		const callInstanceId = customer.callInstanceId;
		const line = task.lines[hash(callInstanceId) % task.lines.length];
		const call = completeCall({
			seed: this.seed, task, customer, callInstanceId, now: this.clock(), callerPhone: line.phone,
			blacklisted: this.isBlacklisted(task.companyId, customer.phone),
		});
		call.jobFinished = task.pending.length === 0;
		this.calls.set(callInstanceId, call);
		task.done.push(call);
		this.callbacks.send('callRecord', callRecordPayload(call), { callInstanceId, taskId: task.callJobId });
		if (task.pending.length === 0) this.setStatus(task, 2);
		return true;
	}

	tick() {
		if (this.dialerConfig.paused) return;
		for (const task of this.tasks.values()) {
			for (let seat = 0; seat < task.concurrencyQuota; seat++) if (!this.dialNext(task)) break;
		}
	}

	advance({ taskId, calls, untilDone }) {
		const tasks = taskId !== undefined ? [this.task(taskId)] : [...this.tasks.values()];
		let dialled = 0;
		for (const task of tasks) {
			while ((untilDone || dialled < (calls ?? 1)) && this.dialNext(task)) dialled++;
		}
		return { dialled };
	}

	// ---- views ---------------------------------------------------------------------------------
	taskRow(task) {
		const done = task.done;
		const count = (predicate) => done.filter(predicate).length;
		return {
			callJobId: task.callJobId, jobName: task.jobName, jobType: task.jobType, startDate: task.startDate,
			workingStartTime: task.workingStartTime, workingEndTime: task.workingEndTime,
			breakStartTime: task.breakStartTime, breakEndTime: task.breakEndTime, status: task.status,
			sceneDefId: task.sceneDefId, remark: task.remark, totalCount: task.customers.size, doneCount: done.length,
			calledCount: count((c) => c.sceneInstance.finishStatus === 0),
			rejectedCount: count((c) => c.sceneInstance.finishStatus === 1),
			unavailableCount: count((c) => [2, 4, 5, 7].includes(c.sceneInstance.finishStatus)),
			fromUnavailableCount: count((c) => c.sceneInstance.finishStatus === 3),
			sceneDefName: task.robotName, callPhones: task.lines.map((l) => l.phone),
		};
	}

	taskDetail(task) {
		const durations = task.done.map((c) => c.sceneInstance.duration);
		const rounds = task.done.map((c) => c.sceneInstance.chatRound);
		const bucket = (values, ranges) => ranges.map(([name, lo, hi]) => ({ name, value: values.filter((v) => v >= lo && v <= hi).length }));
		const grades = Object.keys(GRADE_LABELS);
		return {
			...this.taskRow(task),
			robotDefName: task.robotName,
			sceneRecordName: task.sceneRecordName,
			durationStat: bucket(durations, [['10秒以下', 0, 9], ['10-59秒', 10, 59], ['1分钟-1分59秒', 60, 119], ['2分钟以上', 120, Infinity]]),
			chatRoundStat: bucket(rounds, [['0-2轮', 0, 2], ['3-4轮', 3, 4], ['5-6轮', 5, 6], ['7-9轮', 7, 9]]),
			resultDefs: [{ name: INTENTION, values: grades.map((g) => GRADE_LABELS[g][1]) }],
			callPhones: task.lines.map((line) => ({ jobPhoneId: task.callJobId * 100 + line.userPhoneId, userPhoneId: line.userPhoneId, callJobId: task.callJobId, phone: line.phone, phoneName: line.phoneName })),
			extraStat: { [INTENTION]: grades.map((g) => ({ name: GRADE_LABELS[g][1], value: task.done.filter((c) => gradeOf(c) === g).length })) },
		};
	}

	doneRow(call, task) {
		const s = call.sceneInstance;
		return {
			callInstanceId: s.callInstanceId, sceneDefId: s.sceneDefId, callJobId: s.callJobId, customerTelephone: s.customerTelephone,
			customerName: s.customerName, status: s.status, finishStatus: s.finishStatus, duration: String(s.duration), chatRound: s.chatRound,
			startTime: s.startTime, endTime: s.endTime, callerPhone: s.callerPhone, callIndex: s.callIndex, luyinOssUrl: s.luyinOssUrl,
			secondaryCallTime: s.secondaryCallTime, secondaryCallTimes: s.secondaryCallTimes, jobName: task.jobName,
			resultList: call.taskResult.map(({ resultName, resultValue, resultValueAlias, resultValueNew, artificialResultValue }) => ({ resultName, resultValue, resultValueAlias, resultValueNew, artificialResultValue })),
		};
	}

	/** Fires a manual intention change the way the CRM does; returns the payload. */
	changeIntention(callInstanceId, grade) {
		const call = this.calls.get(callInstanceId);
		if (!call) throw new ByaiError(404, `通话记录不存在: ${callInstanceId}`);
		const row = call.taskResult.find((r) => r.resultName === INTENTION);
		row.artificialResultValue = GRADE_LABELS[grade][1];
		row.artificialChanged = 1;
		return intentionChangePayload(call, grade);
	}

	/** An inbound robot call (no API creates one; the admin API stands in for a caller). */
	inboundCall(companyId) {
		const company = this.company(companyId);
		const inboundInstanceId = ++this.nextIds.inbound;
		const robot = company.robots[0];
		const customer = { phone: `1380000${String(inboundInstanceId % 10000).padStart(4, '0')}`, name: '', companyId, robotDefId: robot.robotDefId, sceneDefId: robot.sceneDefId, sceneRecordId: robot.sceneRecords[0].sceneRecordId, customerId: ++this.nextIds.customer };
		const call = completeCall({ seed: this.seed, customer, callInstanceId: inboundInstanceId, now: this.clock(), callerPhone: company.lines[1].phone, callType: 101 });
		const payload = inboundPayload(call, inboundInstanceId, company.lines[1].phone);
		this.inbound.set(inboundInstanceId, { call, payload, companyId });
		return payload;
	}

	/** A finished task with `count` calls, created directly (for paging tests and benchmarks). */
	seedDoneCalls(companyId, count) {
		const company = this.company(companyId);
		const robot = company.robots[1];
		const line = company.lines[1];
		const taskId = this.createTask({ companyId, taskName: `压测任务 ${count}`, taskType: 2, userPhoneIds: [line.userPhoneId], robotDefId: robot.robotDefId, callType: 1, concurrencyQuota: 1 });
		const task = this.tasks.get(taskId);
		for (let i = 0; i < count; i++) {
			const customer = this.addCustomer(task, { name: `客户${i}`, phone: `139${String(10000000 + i).slice(-8)}`, properties: { seq: String(i) } });
			const call = completeCall({ seed: this.seed, task, customer, callInstanceId: customer.callInstanceId, now: this.clock(), callerPhone: line.phone, blacklisted: false });
			this.calls.set(customer.callInstanceId, call);
			task.done.push(call);
		}
		task.pending = [];
		task.status = 2;
		return { taskId };
	}

	addCustomer(task, { name, phone, properties }) {
		const customer = {
			customerId: ++this.nextIds.customer, callInstanceId: ++this.nextIds.call, name: name ?? '', phone,
			properties: properties ?? {}, index: task.customers.size + 1, companyId: task.companyId,
		};
		task.customers.set(phone, customer);
		task.pending.push(customer);
		return customer;
	}

	createTask(params) {
		const company = this.company(params.companyId);
		if (!params.taskName.trim()) throw paramError('taskName', '不能为空');
		this.checkSchedule(params, { requireStartDate: params.taskType === 1 });
		const robot = this.robot(company, params.robotDefId);
		const lines = this.lines(company, params.userPhoneIds, params.callType);
		if (params.concurrencyQuota !== undefined && (params.concurrencyQuota < 1 || params.concurrencyQuota > 100)) throw paramError('concurrencyQuota', '必须在 1-100 之间');
		this.checkRedial(params);
		this.checkSms(company, params);
		const callJobId = ++this.nextIds.task;
		const now = this.clock();
		this.tasks.set(callJobId, {
			callJobId, companyId: company.companyId, jobName: params.taskName, jobType: params.taskType,
			startDate: params.startDate ?? chinaDate(now), workingStartTime: params.workingStartTime ?? '09:00',
			workingEndTime: params.workingEndTime ?? '20:00', breakStartTime: params.breakStartTime ?? null,
			breakEndTime: params.breakEndTime ?? null, status: 0, callType: params.callType, robotDefId: robot.robotDefId,
			robotName: robot.robotName, sceneDefId: robot.sceneDefId, sceneRecordId: robot.sceneRecords[0].sceneRecordId,
			sceneRecordName: robot.sceneRecords[0].sceneRecordName, variables: robot.variables, remark: params.remark ?? '',
			concurrencyQuota: params.concurrencyQuota ?? 1, smsType: params.smsType ?? 0, smsTemplateId: params.smsTemplateId,
			repeatCall: params.repeatCall ?? false, repeatCallRule: params.repeatCallRule ?? [], lines,
			customers: new Map(), pending: [], done: [], deleted: false, gmtCreate: chinaTime(now),
		});
		return callJobId;
	}

	importCustomers(params) {
		const task = this.task(params.taskId, params.companyId);
		if (FINISHED_STATES.includes(task.status)) throw paramError('taskId', `任务已结束 (status ${task.status})，不能导入`);
		const list = params.customerInfoList;
		if (!list.length) throw paramError('customerInfoList', '不能为空');
		if (list.length > IMPORT_LIMIT) throw paramError('customerInfoList', `单次最多导入 ${IMPORT_LIMIT} 条 (got ${list.length})`);
		const required = task.variables.filter((v) => !BUILT_IN_VARIABLES.includes(v));
		const counts = { successNum: 0, repeatNum: 0, placeFailNum: 0, failNum: 0 };
		for (const row of list) {
			const phone = typeof row?.phone === 'string' || typeof row?.phone === 'number' ? String(row.phone).trim() : '';
			if (!PHONE.test(phone)) counts.failNum++;
			else if (task.customers.has(phone)) counts.repeatNum++;
			else if (required.some((name) => typeof row.properties?.[name] !== 'string' || !row.properties[name])) counts.placeFailNum++;
			else {
				this.addCustomer(task, { name: row.name, phone, properties: row.properties });
				counts.successNum++;
			}
		}
		return { msg: `导入完成: 成功${counts.successNum}条`, ...counts };
	}

	/** The 30 endpoints. Each gets validated parameters (see validate.js). */
	handlers() {
		const pageParams = (p, cap, min = 1) => {
			const pageNum = p.pageNum ?? 1;
			const pageSize = p.pageSize ?? 10;
			if (pageNum < 1) throw paramError('pageNum', '必须大于等于 1');
			if (pageSize < min || pageSize > cap) throw paramError('pageSize', `必须在 ${min}-${cap} 之间 (got ${pageSize})`);
			return [pageNum, pageSize];
		};
		const changeState = (allowed, next, message) => (p) => {
			const task = this.task(p.taskId);
			if (!allowed.includes(task.status)) throw new ByaiError(412, `参数错误: taskId ${message} (当前状态 ${task.status})`);
			this.setStatus(task, next);
			return null;
		};
		return {
			'/openapi/v1/company/getCompanys': () =>
				[...this.companies.values()].filter((c) => c.bound).map(({ companyId, companyName }) => ({ companyId, companyName })),
			'/openapi/v1/company/getPhones': (p) => this.company(p.companyId).lines,
			'/openapi/v1/company/getRobots': (p) => {
				const status = p.robotStatus ?? 0;
				return this.company(p.companyId).robots.filter((r) => status === 0 || (status === 1 ? r.robotStatus === 1 : r.robotStatus >= 1));
			},
			'/openapi/v1/task/getSceneVariables': (p) => {
				const robot = this.company(p.companyId).robots.find((r) => r.sceneDefId === p.sceneDefId);
				if (!robot) throw new ByaiError(404, `场景不存在: sceneDefId ${p.sceneDefId}`);
				return robot.variables;
			},
			'/openapi/v1/company/seat/statistics': (p) => {
				const company = this.company(p.companyId);
				const using = [...this.tasks.values()].filter((t) => t.companyId === company.companyId && t.status === RUNNING).reduce((sum, t) => sum + t.concurrencyQuota, 0);
				return { companyAllCallSeat: company.seats, companyUsingCallSeat: Math.min(using, company.seats) };
			},
			'/openapi/v1/sms/template/list': (p) => {
				const [pageNum, pageSize] = pageParams(p, 1000);
				return page(this.company(p.companyId).smsTemplates.filter((t) => p.status === undefined || t.status === p.status), pageNum, pageSize);
			},
			'/openapi/v1/company/addBlackList': (p) => {
				const group = this.group(this.company(p.companyId), -1);
				if (!PHONE.test(p.mobile)) throw paramError('mobile', '号码格式不正确');
				const existing = group.numbers.find((n) => n.mobile === p.mobile);
				if (existing) return existing.blacklistInfoId;
				const entry = { blacklistInfoId: ++this.nextIds.blacklistId, name: p.name ?? '', mobile: p.mobile, remark: p.remark ?? '', gmtCreate: chinaTime(this.clock()) };
				group.numbers.push(entry);
				return entry.blacklistInfoId;
			},
			'/openapi/v1/company/addBlackList/batch': (p) => {
				const group = this.group(this.company(p.companyId), p.blacklistInfoGroupId);
				let successNum = 0;
				for (const [index, entry] of p.blacklist.entries()) {
					if (typeof entry?.mobile !== 'string') throw paramError(`blacklist[${index}].mobile`, '不能为空');
					if (!PHONE.test(entry.mobile) || group.numbers.some((n) => n.mobile === entry.mobile)) continue;
					group.numbers.push({ blacklistInfoId: ++this.nextIds.blacklistId, name: entry.name ?? '', mobile: entry.mobile, remark: entry.remark ?? '', gmtCreate: chinaTime(this.clock()) });
					successNum++;
				}
				return { requsetNum: p.blacklist.length, successNum };
			},
			'/openapi/v1/company/blacklist/group/list': (p) =>
				this.company(p.companyId).blacklistGroups.map(({ blacklistInfoGroupId, name, publicFlag, remark }) => ({ blacklistInfoGroupId, name, publicFlag, remark })),
			'/openapi/v1/company/blacklist/group/add': (p) => {
				const company = this.company(p.companyId);
				if (!p.name.trim()) throw paramError('name', '不能为空');
				if (company.blacklistGroups.some((g) => g.name === p.name)) throw paramError('name', `分组名称已存在: ${p.name}`);
				const group = { blacklistInfoGroupId: ++this.nextIds.groupId, name: p.name, publicFlag: 0, remark: p.remark ?? '', numbers: [] };
				company.blacklistGroups.push(group);
				return group.blacklistInfoGroupId;
			},
			'/openapi/v1/company/blacklist/group/edit': (p) => {
				const group = this.group(this.company(p.companyId), p.blacklistInfoGroupId);
				group.name = p.name;
				if (p.remark !== undefined) group.remark = p.remark;
				return true;
			},
			'/openapi/v1/company/blacklist/group/delete': (p) => {
				const company = this.company(p.companyId);
				const group = this.group(company, p.blacklistInfoGroupId);
				if (group.blacklistInfoGroupId === -1) throw paramError('blacklistInfoGroupId', '默认分组不能删除');
				if (group.numbers.length) throw paramError('blacklistInfoGroupId', `分组下还有 ${group.numbers.length} 个号码，不能删除`);
				company.blacklistGroups.splice(company.blacklistGroups.indexOf(group), 1);
				return true;
			},
			'/openapi/v1/company/blacklist/info/page': (p) => {
				const group = this.group(this.company(p.companyId), p.blacklistInfoGroupId);
				const [pageNum, pageSize] = pageParams({ pageSize: 20, ...p }, 1000);
				return page(group.numbers, pageNum, pageSize);
			},
			'/openapi/v1/company/blacklist/info/delete': (p) => {
				const group = this.group(this.company(p.companyId), p.blacklistInfoGroupId);
				const index = group.numbers.findIndex((n) => n.mobile === p.mobile);
				if (index < 0) throw new ByaiError(404, `号码不在该分组: ${p.mobile}`);
				group.numbers.splice(index, 1);
				return true;
			},
			'/openapi/v1/task/createTask': (p) => this.createTask(p),
			'/openapi/v1/task/start': (p) => {
				const task = this.task(p.taskId);
				if (FINISHED_STATES.includes(task.status)) throw new ByaiError(412, `参数错误: taskId 任务已结束，不能启动 (当前状态 ${task.status})`);
				this.setStatus(task, task.pending.length ? RUNNING : 2);
				return null;
			},
			'/openapi/v1/task/pause': changeState([1, 3, 5, 7], 4, '只有运行中的任务可以暂停'),
			'/openapi/v1/task/stop': changeState([0, 1, 3, 4, 5, 7, 8, 9, 10], 6, '任务已结束'),
			'/openapi/v1/task/delete': (p) => {
				const task = this.task(p.taskId);
				if (task.status === RUNNING) throw new ByaiError(412, '参数错误: taskId 运行中的任务不能删除，请先暂停或停止');
				task.deleted = true;
				return null;
			},
			'/openapi/v1/task/update': (p) => {
				const task = this.task(p.taskId, p.companyId);
				if (task.status === RUNNING) throw new ByaiError(412, '参数错误: taskId 任务运行中不能修改，请先暂停');
				const company = this.company(p.companyId);
				const ids = Array.isArray(p.userPhoneIds) ? p.userPhoneIds : String(p.userPhoneIds).split(',').map((id) => id.trim()).filter(Boolean);
				if (ids.some((id) => !/^\d+$/.test(String(id)))) throw paramError('userPhoneIds', '必须是逗号分隔的线路 id');
				this.checkSchedule({ ...task, ...p }, { requireStartDate: p.taskType === 1 });
				this.checkRedial(p);
				this.checkSms(company, p);
				if (p.concurrencyPhone !== undefined && (p.concurrencyPhone > 100 || p.concurrencyPhone > 2 * p.concurrencyQuota)) {
					throw paramError('concurrencyPhone', '不能超过 100，且不能超过坐席数的 2 倍');
				}
				task.lines = this.lines(company, ids, p.callType);
				const breakClosed = p.breakStartClose === true;
				Object.assign(task, {
					jobName: p.taskName, jobType: p.taskType, callType: p.callType, concurrencyQuota: p.concurrencyQuota,
					startDate: p.startDate ?? task.startDate, workingStartTime: p.workingStartTime ?? task.workingStartTime,
					workingEndTime: p.workingEndTime ?? task.workingEndTime,
					breakStartTime: breakClosed ? null : p.breakStartTime ?? task.breakStartTime,
					breakEndTime: breakClosed ? null : p.breakEndTime ?? task.breakEndTime,
					repeatCall: p.repeatCall ?? task.repeatCall, repeatCallRule: p.repeatCallRule ?? task.repeatCallRule,
					smsType: p.smsType ?? task.smsType, smsTemplateId: p.smsTemplateId ?? task.smsTemplateId,
				});
				return null;
			},
			'/openapi/v1/task/getTasks': (p) => {
				this.company(p.companyId);
				const [pageNum, pageSize] = pageParams(p, 100);
				if (p.createDate !== undefined && !DATE.test(p.createDate)) throw paramError('createDate', '格式必须是 yyyy-MM-dd');
				const tasks = [...this.tasks.values()]
					.filter((t) => t.companyId === p.companyId && (p.needAll || !t.deleted))
					.filter((t) => p.taskName === undefined || t.jobName.includes(p.taskName))
					.filter((t) => p.status === undefined || t.status === p.status)
					.filter((t) => p.createDate === undefined || t.gmtCreate.startsWith(p.createDate))
					.sort((a, b) => b.callJobId - a.callJobId);
				const result = page(tasks, pageNum, pageSize);
				return { ...result, list: result.list.map((t) => this.taskRow(t)) };
			},
			'/openapi/v1/task/getTaskDetail': (p) => this.taskDetail(this.task(p.taskId, p.companyId)),
			'/openapi/v1/task/importTaskCustomer': (p) => {
				this.importCustomers(p);
				return null;
			},
			'/openapi/v2/task/importTaskCustomer': (p) => this.importCustomers(p),
			'/openapi/v1/task/notDialedCustomerList': (p) => {
				const task = this.task(p.taskId);
				const [pageNum, pageSize] = pageParams(p, 50);
				const rows = task.pending.map((c) => ({
					callInstanceId: c.callInstanceId, customerName: c.name, customerTelephone: c.phone, status: 0, startTime: null,
					callerPhone: task.lines[0]?.phone ?? null, corpName: null, calledTimes: 0,
				}));
				return page(rows, pageNum, pageSize);
			},
			'/openapi/v1/task/call': (p) => {
				const company = this.company(p.companyId);
				const robot = this.robot(company, p.robotDefId);
				if (!PHONE.test(p.mobile)) throw paramError('mobile', '号码格式不正确');
				const known = [...this.tasks.values()].flatMap((t) => [...t.customers.values()]).find((c) => c.customerId === p.customerId);
				if (!known) throw new ByaiError(404, `客户不存在: customerId ${p.customerId}`);
				this.singleCall(company, robot, { ...known, phone: p.mobile, properties: p.variables ?? {} });
				return null;
			},
			'/openapi/v1/task/singleCallByMobile': (p) => {
				const company = this.company(p.companyId);
				const robot = this.robot(company, p.robotDefId);
				if (p.sceneDefId !== robot.sceneDefId) throw paramError('sceneDefId', `与话术 ${robot.robotDefId} 的场景 ${robot.sceneDefId} 不一致`);
				if (!robot.sceneRecords.some((r) => r.sceneRecordId === p.sceneRecordId)) throw paramError('sceneRecordId', '录音不存在');
				if (!PHONE.test(p.mobile)) throw paramError('mobile', '号码格式不正确');
				return this.singleCall(company, robot, { customerId: ++this.nextIds.customer, name: p.userName ?? '', phone: p.mobile, properties: p.variables ?? {} });
			},
			'/openapi/v1/task/queryDoneTaskPhones': (p) => {
				const task = this.task(p.callJobId);
				const [pageNum, pageSize] = pageParams(p, 50);
				const inRange = (value, lo, hi) => (lo === undefined || value >= lo) && (hi === undefined || value <= hi);
				const wanted = (p.resultQueryList ?? []).filter((q) => q?.name && q?.value);
				const rows = task.done
					.filter(({ sceneInstance: s }) => inRange(s.duration, p.durationLeft, p.durationRight) && inRange(s.chatRound, p.chatRoundLeft, p.chatRoundRight))
					.filter(({ sceneInstance: s }) => p.finishStatus === undefined || s.finishStatus === p.finishStatus)
					.filter((call) => wanted.every((q) => call.taskResult.some((r) => r.resultName === q.name && [r.resultValue, r.resultValueNew, r.resultValueAlias, r.artificialResultValue].includes(q.value))));
				// Shape only the requested page: tasks of 50,000 calls are paged 1,000 times.
				const result = page(rows, pageNum, pageSize);
				return { ...result, list: result.list.map((call) => this.doneRow(call, task)) };
			},
			'/openapi/v1/task/phoneLogInfo': (p) => {
				const call = this.calls.get(p.callInstanceId);
				if (!call) throw new ByaiError(404, `通话记录不存在: callInstanceId ${p.callInstanceId}`);
				this.company(call.sceneInstance.companyId);
				const line = this.companies.get(call.sceneInstance.companyId).lines.find((l) => l.phone === call.sceneInstance.callerPhone);
				return {
					...call,
					voipCallerAccount: line ? { callerAccountId: line.userPhoneId, phoneType: line.phoneType, sceneType: line.sceneType, account: line.account, concurrencyQuota: line.totalConcurrencyQuota } : null,
				};
			},
			'/openapi/v1/callBack/queryUnCallBack': (p) => {
				this.company(p.companyId);
				for (const field of ['startDate', 'endDate']) if (!DATE_OR_DATETIME.test(p[field])) throw paramError(field, '格式必须是 yyyy-MM-dd 或 yyyy-MM-dd HH:mm:ss');
				const [pageNum, pageSize] = pageParams({ pageSize: 100, ...p }, 500);
				const from = p.startDate.length === 10 ? `${p.startDate} 00:00:00` : p.startDate;
				const to = p.endDate.length === 10 ? `${p.endDate} 23:59:59` : p.endDate;
				const type = p.dataType === 1 ? 'inboundCallRecord' : 'callRecord';
				const rows = this.callbacks
					.undelivered()
					.filter((d) => d.type === type)
					.map((d) => d.payload.data.data.sceneInstance)
					.filter((s) => s.companyId === p.companyId && (p.callJobId === undefined || s.callJobId === p.callJobId))
					.filter((s) => s.endTime >= from && s.endTime <= to)
					.map((s) => ({ callJobId: s.callJobId ?? 0, callInstanceId: s.callInstanceId ?? s.inboundInstanceId, customerTelephone: s.customerTelephone, callerTime: s.startTime }));
				return page(rows, pageNum, pageSize);
			},
		};
	}

	singleCall(company, robot, customer) {
		const task = { callJobId: 0, companyId: company.companyId, robotDefId: robot.robotDefId, robotName: robot.robotName, sceneDefId: robot.sceneDefId, sceneRecordId: robot.sceneRecords[0].sceneRecordId, jobName: '' };
		const callInstanceId = ++this.nextIds.call;
		const call = completeCall({ seed: this.seed, task, customer, callInstanceId, now: this.clock(), callerPhone: company.lines[0].phone, blacklisted: this.isBlacklisted(company.companyId, customer.phone), callType: 2 });
		this.calls.set(callInstanceId, call);
		this.callbacks.send('callRecord', callRecordPayload(call), { callInstanceId });
		return callInstanceId;
	}

	snapshot() {
		return {
			seed: this.seed,
			tasks: [...this.tasks.values()].map((t) => ({ taskId: t.callJobId, companyId: t.companyId, name: t.jobName, status: t.status, deleted: t.deleted, customers: t.customers.size, pending: t.pending.length, done: t.done.length })),
			calls: this.calls.size,
		};
	}
}

module.exports = { ByaiAccount };
