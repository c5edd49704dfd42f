import type { EntityType } from '../entities/fields'
import { ENTITY_SCHEMAS } from '../entities/schemas'

/**
 * Column names that mean each field, in English and Chinese, compared after
 * `normaliseHeader`. Virtual fields (`fullName`, `companyName`, `parentCompanyName`) are split
 * or resolved into stored fields during import.
 */
export const HEADER_ALIASES: Readonly<Record<EntityType, Readonly<Record<string, readonly string[]>>>> = {
  contact: {
    firstName: ['first name', 'firstname', 'given name', 'forename', '名', '名字'],
    lastName: ['last name', 'lastname', 'surname', 'family name', '姓', '姓氏'],
    fullName: ['name', 'full name', 'contact name', 'contact', 'customer name', '姓名', '联系人', '客户姓名', '客户名称'],
    email: ['email', 'e-mail', 'email address', 'mail', 'email 1', '邮箱', '电子邮件', '电子邮箱', '邮件', '邮箱地址'],
    phone: ['phone', 'phone 1', 'telephone', 'tel', 'mobile', 'mobile phone', 'cell', 'phone number', '手机', '手机号', '手机号码', '电话', '联系电话'],
    phone2: ['phone 2', 'second phone', 'other phone', 'work phone', 'home phone', '电话2', '备用电话', '座机'],
    companyName: ['company', 'company name', 'organization', 'organisation', 'account', 'employer', '公司', '公司名称', '单位', '工作单位'],
    jobTitle: ['title', 'job title', 'position', 'role', '职位', '职务'],
    street: ['address', 'street', 'street address', 'address 1', '地址', '街道', '详细地址'],
    city: ['city', 'town', '城市', '市'],
    postalCode: ['zip', 'zip code', 'postcode', 'postal code', '邮编', '邮政编码'],
    country: ['country', 'nation', 'country region', '国家', '国家地区'],
    birthDate: ['birthday', 'birth date', 'date of birth', 'dob', '生日', '出生日期'],
    nationalId: ['national id', 'ssn', 'id number', 'id card', '身份证', '身份证号', '身份证号码'],
    website: ['website', 'web', 'url', 'homepage', 'web site', '网站', '网址', '主页'],
    subscribedAt: ['subscription date', 'subscribed', 'subscribed at', 'signup date', '订阅日期'],
    externalId: ['id', 'customer id', 'external id', 'contact id', 'customer number', '编号', '客户编号', '客户id'],
    lifecycleStage: ['lifecycle stage', 'lifecycle', '客户阶段'],
    notes: ['notes', 'note', 'comments', 'remarks', '备注'],
  },
  company: {
    name: ['company', 'company name', 'account', 'name', 'organization', 'organisation', '公司', '公司名称', '名称', '企业名称'],
    sector: ['sector', 'industry', '行业'],
    yearEstablished: ['year established', 'founded', 'year founded', '成立年份'],
    revenue: ['revenue', 'annual revenue', '营收', '年收入', '营业额'],
    employees: ['employees', 'headcount', 'staff', 'employee count', '员工数', '员工人数'],
    country: ['country', 'office location', '国家'],
    city: ['city', '城市'],
    street: ['address', 'street', '地址'],
    phone: ['phone', 'telephone', '电话'],
    website: ['website', 'url', 'web', '网站', '网址'],
    parentCompanyName: ['subsidiary of', 'parent company', 'parent', '母公司', '上级公司'],
    externalId: ['id', 'account id', 'company id', 'external id', '编号', '公司编号'],
    notes: ['notes', 'comments', '备注'],
  },
  deal: {
    title: ['title', 'deal', 'deal name', 'opportunity', 'opportunity name', 'name', '商机', '商机名称', '标题'],
    externalId: ['id', 'opportunity id', 'deal id', 'external id', '编号', '商机编号'],
    companyName: ['account', 'company', 'company name', 'customer', '公司', '客户', '客户名称'],
    stage: ['stage', 'deal stage', 'status', '阶段', '销售阶段'],
    amount: ['amount', 'value', 'close value', 'deal value', 'price', '金额', '成交金额'],
    currency: ['currency', '币种', '货币'],
    product: ['product', '产品'],
    agent: ['sales agent', 'agent', 'salesperson', 'sales rep', '销售', '销售员', '负责人'],
    engageDate: ['engage date', 'start date', 'created date', '开始日期'],
    closeDate: ['close date', 'closing date', 'expected close date', '成交日期', '结束日期'],
    pipeline: ['pipeline', '销售管道'],
    nextStep: ['next step', '下一步'],
    notes: ['notes', 'comments', '备注'],
  },
  activity: {
    kind: ['type', 'kind', 'activity type', '类型'],
    subject: ['subject', 'title', 'name', '主题', '标题'],
    body: ['details', 'body', 'description', 'content', '内容', '详情'],
    dueAt: ['due', 'due date', 'due at', 'date', '截止日期', '日期'],
    completedAt: ['completed', 'completed at', 'done at', '完成时间'],
    status: ['status', '状态'],
    companyName: ['company', 'account', '公司', '客户'],
  },
  ticket: {
    subject: ['subject', 'title', '主题', '标题'],
    description: ['description', 'details', 'body', '描述', '详情'],
    status: ['status', '状态'],
    priority: ['priority', '优先级'],
    slaDueAt: ['sla due', 'due', 'due date', '截止时间'],
    companyName: ['company', 'account', '公司', '客户'],
  },
  segment: {},
  campaign: {},
}

/**
 * Reduces a column name to what matters for matching: lower case, with punctuation, spaces
 * and underscores removed, so `E-mail Address`, `email_address` and `EmailAddress` compare equal.
 */
export function normaliseHeader(header: string): string {
  return header.normalize('NFKC').toLocaleLowerCase('en').replace(/[\s_\-./:()（）#*]+/g, '')
}

const ALIAS_LOOKUP = new Map<EntityType, Map<string, string>>()

/**
 * Finds the field that a column name means for `type`, or undefined. Aliases come first, then
 * field labels (`Second phone`), so a file exported by this product maps back field by field.
 */
export function fieldForHeader(type: EntityType, header: string): string | undefined {
  let lookup = ALIAS_LOOKUP.get(type)
  if (!lookup) {
    lookup = new Map()
    for (const [field, aliases] of Object.entries(HEADER_ALIASES[type])) {
      lookup.set(normaliseHeader(field), field)
      for (const alias of aliases) lookup.set(normaliseHeader(alias), field)
    }
    for (const field of ENTITY_SCHEMAS[type].fields) {
      const label = normaliseHeader(field.label)
      if (!lookup.has(label)) lookup.set(label, field.name)
    }
    ALIAS_LOOKUP.set(type, lookup)
  }
  return lookup.get(normaliseHeader(header))
}
