import { currentLanguage } from '../../app/i18n'

/** Interface text of the dashboard, segment and campaign pages in English and Simplified Chinese. */
export const TEXT = {
  en: {
    dashboardTitle: 'Dashboard',
    from: 'From',
    to: 'To',
    owner: 'Owner or agent',
    pipeline: 'Pipeline',
    apply: 'Apply',
    loading: 'Loading…',
    unavailable: 'Not available in the cloud: the site keeps {fields} on site.',
    chooseSite: 'Add ?site=<site id> to the address to see a site’s reports.',
    noData: 'No records match these filters.',
    segmentsTitle: 'Segments',
    newSegment: 'New segment',
    name: 'Name',
    selects: 'Selects',
    match: 'Match',
    matchAll: 'all conditions',
    matchAny: 'any condition',
    field: 'Field',
    operator: 'Operator',
    value: 'Value',
    addCondition: 'Add condition',
    remove: 'Remove',
    preview: 'Preview',
    save: 'Save',
    members: 'Members',
    memberCount: '{count} members',
    previous: 'Previous page',
    next: 'Next page',
    previewShows: '{count} members; the first ones:',
    campaignsTitle: 'Campaigns',
    newCampaign: 'New campaign',
    audience: 'Audience segment',
    steps: 'Steps',
    kind: 'Kind',
    offsetDays: 'Days after launch',
    subject: 'Subject',
    addStep: 'Add step',
    create: 'Create',
    launch: 'Launch',
    status: 'Status',
    progress: 'Progress',
    launchedResult: 'Launched to {members} members with {activities} activities.',
    stepDone: '{done} of {activities} done',
    responseRate: 'Response rate {rate}%',
    conversionRate: 'Conversion rate {rate}%',
    days: '{value} d',
    stepLine: '{kind} +{days}: {subject}',
    'op.eq': 'equals',
    'op.ne': 'does not equal',
    'op.contains': 'contains',
    'op.startsWith': 'starts with',
    'op.gt': 'greater than',
    'op.gte': 'at least',
    'op.lt': 'less than',
    'op.lte': 'at most',
    'op.in': 'is one of',
    'op.empty': 'is empty',
    'campaignStatus.draft': 'draft',
    'campaignStatus.active': 'active',
    'campaignStatus.paused': 'paused',
    'campaignStatus.completed': 'completed',
    'memberStatus.pending': 'pending',
    'memberStatus.contacted': 'contacted',
    'memberStatus.responded': 'responded',
    'memberStatus.converted': 'converted',
    'memberStatus.opted_out': 'opted out',
    'stepKind.email': 'email',
    'stepKind.call': 'call',
    'stepKind.task': 'task',
  },
  'zh-CN': {
    dashboardTitle: '仪表板',
    from: '开始日期',
    to: '结束日期',
    owner: '负责人或销售',
    pipeline: '销售管道',
    apply: '应用',
    loading: '正在加载…',
    unavailable: '云端不可用：站点将 {fields} 保留在本地。',
    chooseSite: '在地址中添加 ?site=<站点 ID> 以查看该站点的报表。',
    noData: '没有符合筛选条件的记录。',
    segmentsTitle: '客户分群',
    newSegment: '新建分群',
    name: '名称',
    selects: '对象',
    match: '匹配',
    matchAll: '全部条件',
    matchAny: '任一条件',
    field: '字段',
    operator: '运算符',
    value: '值',
    addCondition: '添加条件',
    remove: '删除',
    preview: '预览',
    save: '保存',
    members: '成员',
    memberCount: '{count} 个成员',
    previous: '上一页',
    next: '下一页',
    previewShows: '{count} 个成员；前几个：',
    campaignsTitle: '营销活动',
    newCampaign: '新建活动',
    audience: '目标分群',
    steps: '步骤',
    kind: '类型',
    offsetDays: '启动后天数',
    subject: '主题',
    addStep: '添加步骤',
    create: '创建',
    launch: '启动',
    status: '状态',
    progress: '进度',
    launchedResult: '已向 {members} 个成员启动，创建了 {activities} 个活动。',
    stepDone: '已完成 {done} / {activities}',
    responseRate: '回复率 {rate}%',
    conversionRate: '转化率 {rate}%',
    days: '{value} 天',
    stepLine: '{kind}（启动后第 {days} 天）：{subject}',
    'op.eq': '等于',
    'op.ne': '不等于',
    'op.contains': '包含',
    'op.startsWith': '开头是',
    'op.gt': '大于',
    'op.gte': '大于或等于',
    'op.lt': '小于',
    'op.lte': '小于或等于',
    'op.in': '属于其中之一',
    'op.empty': '为空',
    'campaignStatus.draft': '草稿',
    'campaignStatus.active': '进行中',
    'campaignStatus.paused': '已暂停',
    'campaignStatus.completed': '已完成',
    'memberStatus.pending': '待联系',
    'memberStatus.contacted': '已联系',
    'memberStatus.responded': '已回复',
    'memberStatus.converted': '已转化',
    'memberStatus.opted_out': '已退出',
    'stepKind.email': '邮件',
    'stepKind.call': '电话',
    'stepKind.task': '任务',
  },
} as const

export type ReportTextKey = keyof (typeof TEXT)['en']

function language(): keyof typeof TEXT {
  return currentLanguage().startsWith('zh') ? 'zh-CN' : 'en'
}

/** Returns the text for `key` in the app's language, with `{name}` placeholders filled. */
export function reportText(key: ReportTextKey, values: Record<string, string | number> = {}): string {
  return TEXT[language()][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`))
}

/** Group of a segment or campaign identifier that `segmentTerm` names. */
export type SegmentTermGroup = 'op' | 'campaignStatus' | 'memberStatus' | 'stepKind'

/**
 * Returns the label of a segment operator, campaign status, member status or step kind in the
 * app's language, or the identifier itself when none is listed.
 *
 * @example segmentTerm('op', 'startsWith') // 'starts with', or '开头是' in Chinese
 */
export function segmentTerm(group: SegmentTermGroup, name: string): string {
  const texts: Record<string, string> = TEXT[language()]
  return texts[`${group}.${name}`] ?? name
}

/**
 * Names the server sends as identifiers: report ids, series names (`<report>.<series>`) and
 * total names. The server's English titles and labels stay the fallback for a name not listed.
 */
export const TERMS: Record<keyof typeof TEXT, Record<'report' | 'series' | 'total', Record<string, string>>> = {
  en: {
    report: {},
    series: {},
    total: {
      deals: 'Deals',
      amount: 'Amount',
      openAmount: 'Open amount',
      won: 'Won',
      lost: 'Lost',
      revenue: 'Revenue',
      winRate: 'Win rate',
      open: 'Open',
      averageAge: 'Average age (days)',
      averageDaysToClose: 'Average days to close',
      tickets: 'Tickets',
      slaBreaches: 'Past SLA',
      overdue: 'Overdue',
      contacts: 'Contacts',
    },
  },
  'zh-CN': {
    report: {
      pipeline: '各阶段商机',
      'won-revenue': '赢单收入',
      'win-rate': '赢单率',
      'deal-age': '商机时长',
      tickets: '工单',
      activities: '到期和逾期的活动',
      contacts: '按国家和生命周期阶段统计的联系人',
    },
    series: {
      'pipeline.count': '商机数',
      'pipeline.amount': '金额',
      'won-revenue.byMonth': '按月统计的赢单收入',
      'won-revenue.byAgent': '按销售统计的赢单收入',
      'win-rate.byMonth': '按月统计的赢单率',
      'win-rate.byAgent': '按销售统计的赢单率',
      'deal-age.ageBuckets': '按时长统计的未结商机',
      'deal-age.averageAgeByStage': '各阶段平均时长',
      'tickets.byStatus': '按状态统计的工单',
      'tickets.byPriority': '按优先级统计的工单',
      'tickets.slaBreaches': '按优先级统计的超出 SLA 的未结工单',
      'activities.byDue': '按到期时间统计的未完成活动',
      'activities.dueByKind': '按类型统计的到期活动',
      'activities.overdueByKind': '按类型统计的逾期活动',
      'contacts.byCountry': '按国家统计的联系人',
      'contacts.byLifecycleStage': '按生命周期阶段统计的联系人',
    },
    total: {
      deals: '商机数',
      amount: '金额',
      openAmount: '未结金额',
      won: '赢单数',
      lost: '输单数',
      revenue: '收入',
      winRate: '赢单率',
      open: '未结',
      averageAge: '平均时长（天）',
      averageDaysToClose: '平均成交天数',
      tickets: '工单数',
      slaBreaches: '超出 SLA',
      overdue: '已逾期',
      contacts: '联系人数',
    },
  },
}

/**
 * Returns the label of a report, series or total in the app's language, or `fallback` (the
 * server's English text, or the name itself) when none is listed.
 *
 * @example reportTerm('total', 'openAmount', 'openAmount') // 'Open amount'
 */
export function reportTerm(group: 'report' | 'series' | 'total', name: string, fallback: string): string {
  return TERMS[language()][group][name] ?? fallback
}

/**
 * Chinese names of the activity report's due buckets and of the points that fold the rest
 * (`Other`) or records without a value (`(none)`), which the server sends in English.
 */
const ZH_BUCKETS: Record<string, string> = {
  Other: '其他',
  '(none)': '（无）',
  overdue: '已逾期',
  today: '今天到期',
  'next 7 days': '未来 7 天',
  later: '更晚',
}

/**
 * Returns a report bucket's label in the app's language: deal-age buckets such as
 * `31-60 days` and `over 180 days`, the due buckets of the activity report, `Other` and
 * `(none)`. Returns
 * undefined for a label that is no bucket, such as a stage or a country.
 *
 * @example bucketLabel('31-60 days') // '31–60 天' in Chinese
 */
export function bucketLabel(label: string): string | undefined {
  if (language() !== 'zh-CN') return undefined
  const range = /^(\d+)-(\d+) days$/.exec(label)
  if (range) return `${range[1]}–${range[2]} 天`
  const over = /^over (\d+) days$/.exec(label)
  if (over) return `超过 ${over[1]} 天`
  return ZH_BUCKETS[label]
}
