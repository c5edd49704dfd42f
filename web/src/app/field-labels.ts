import type { EntityType, FieldDef } from '@enclave/shared/entities/fields'
import { ENTITY_SCHEMAS } from '@enclave/shared/entities/schemas'
import { currentLanguage } from './i18n'

/** Simplified Chinese labels of the built-in fields, by field name. */
const ZH_LABELS: Record<string, string> = {
  firstName: '名',
  lastName: '姓',
  email: '电子邮件',
  phone: '电话',
  phone2: '备用电话',
  jobTitle: '职位',
  companyId: '公司',
  street: '街道地址',
  postalCode: '邮政编码',
  city: '城市',
  country: '国家',
  birthDate: '出生日期',
  nationalId: '身份证号',
  website: '网站',
  lifecycleStage: '生命周期阶段',
  subscribedAt: '订阅日期',
  externalId: '外部编号',
  ownerId: '负责人',
  notes: '备注',
  name: '名称',
  sector: '行业',
  yearEstablished: '成立年份',
  revenue: '年收入',
  employees: '员工数',
  parentCompanyId: '母公司',
  title: '标题',
  contactId: '联系人',
  pipeline: '销售流程',
  stage: '阶段',
  amount: '金额',
  currency: '币种',
  product: '产品',
  agent: '销售人员',
  engageDate: '接洽日期',
  closeDate: '成交日期',
  nextStep: '下一步',
  kind: '类型',
  subject: '主题',
  body: '详情',
  dueAt: '到期时间',
  completedAt: '完成时间',
  status: '状态',
  dealId: '商机',
  ticketId: '工单',
  description: '描述',
  priority: '优先级',
  slaDueAt: 'SLA 到期',
}

/** Returns a field's label in the current language; custom fields keep the admin's label. */
export function fieldLabel(field: FieldDef): string {
  if (currentLanguage().startsWith('zh') && !field.custom) return ZH_LABELS[field.name] ?? field.label
  return field.label
}

/**
 * Returns the label of a field known only by name, as error params name it. `label` is the
 * label the server sent; a field missing from the built-in schema of `type` is custom and keeps it.
 */
export function fieldLabelByName(name: string, type?: EntityType, label?: string): string {
  const builtIn = type ? ENTITY_SCHEMAS[type].fields.find((field) => field.name === name) : undefined
  const english = label ?? builtIn?.label ?? name
  if (type && !builtIn) return english
  if (currentLanguage().startsWith('zh')) return ZH_LABELS[name] ?? english
  return english
}

/** Simplified Chinese names of the built-in enum values (stages, statuses, kinds). */
const ZH_OPTIONS: Record<string, string> = {
  Prospecting: '潜在客户',
  Engaging: '洽谈中',
  Won: '赢单',
  Lost: '输单',
  call: '电话',
  meeting: '会议',
  email: '邮件',
  note: '备注',
  task: '任务',
  open: '未完成',
  done: '已完成',
  new: '新建',
  pending: '等待中',
  resolved: '已解决',
  closed: '已关闭',
  low: '低',
  normal: '普通',
  high: '高',
  urgent: '紧急',
  lead: '线索',
  prospect: '潜在客户',
  customer: '客户',
  churned: '已流失',
  contact: '联系人',
  company: '公司',
  deal: '商机',
  all: '全部条件',
  any: '任一条件',
  draft: '草稿',
  active: '进行中',
  paused: '已暂停',
  completed: '已完成',
}

/**
 * English names of the built-in enum values. Stored values stay lower-case codes, so every
 * option of every field needs an entry here, which labels.test.ts checks.
 */
const EN_OPTIONS: Record<string, string> = {
  Prospecting: 'Prospecting',
  Engaging: 'Engaging',
  Won: 'Won',
  Lost: 'Lost',
  call: 'Call',
  meeting: 'Meeting',
  email: 'Email',
  note: 'Note',
  task: 'Task',
  open: 'Open',
  done: 'Done',
  new: 'New',
  pending: 'Pending',
  resolved: 'Resolved',
  closed: 'Closed',
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
  lead: 'Lead',
  prospect: 'Prospect',
  customer: 'Customer',
  churned: 'Churned',
  contact: 'Contacts',
  company: 'Companies',
  deal: 'Deals',
  all: 'All conditions',
  any: 'Any condition',
  draft: 'Draft',
  active: 'Active',
  paused: 'Paused',
  completed: 'Completed',
}

/**
 * Returns an enum value's name in the current language, or `undefined` when the value has
 * none. The stored value stays unchanged.
 */
export function knownOptionLabel(value: string): string | undefined {
  const labels = currentLanguage().startsWith('zh') ? ZH_OPTIONS : EN_OPTIONS
  return Object.hasOwn(labels, value) ? labels[value] : undefined
}

/** Returns an enum value's name in the current language, or the value itself when it has none. */
export function optionLabel(value: string): string {
  return knownOptionLabel(value) ?? value
}

/** Simplified Chinese names of the record types. */
const ZH_TYPES: Record<EntityType, string> = {
  contact: '联系人',
  company: '公司',
  deal: '商机',
  activity: '活动',
  ticket: '工单',
  segment: '客户分群',
  campaign: '营销活动',
}

/**
 * Returns a record type's name in the current language.
 *
 * @example typeLabel('contact') // 'Contact', or '联系人' in Chinese
 */
export function typeLabel(type: EntityType): string {
  if (currentLanguage().startsWith('zh')) return ZH_TYPES[type]
  return ENTITY_SCHEMAS[type].label
}
