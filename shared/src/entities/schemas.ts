import { CAMPAIGN_STATUSES } from '../segments/campaign-steps'
import { SEGMENT_ENTITY_TYPES, SEGMENT_MATCH_MODES } from '../segments/conditions'
import type { EntityType, FieldDef } from './fields'

export const DEAL_STAGES = ['Prospecting', 'Engaging', 'Won', 'Lost'] as const
export const ACTIVITY_KINDS = ['call', 'meeting', 'email', 'note', 'task'] as const
export const TICKET_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export const LIFECYCLE_STAGES = ['lead', 'prospect', 'customer', 'churned'] as const
/** Maximum length of an owner id. A user id is `user:` and a user name of up to 64 characters. */
export const OWNER_ID_MAX_LENGTH = 128

export interface EntitySchema {
  type: EntityType
  /** Plural used in URLs and the UI: `/api/contacts`. */
  plural: string
  label: string
  /** Field shown as the record's title in lists and links. */
  titleFields: readonly string[]
  fields: readonly FieldDef[]
  /** Fields of which a record must keep at least one, when no single field is required. */
  requiredAnyOf?: readonly string[]
}

const contact: EntitySchema = {
  type: 'contact',
  plural: 'contacts',
  label: 'Contact',
  titleFields: ['firstName', 'lastName'],
  requiredAnyOf: ['firstName', 'lastName', 'email', 'phone'],
  fields: [
    { name: 'firstName', kind: 'text', label: 'First name', pii: true, maxLength: 200 },
    { name: 'lastName', kind: 'text', label: 'Last name', pii: true, maxLength: 200 },
    { name: 'email', kind: 'email', label: 'Email', pii: true },
    { name: 'phone', kind: 'phone', label: 'Phone', pii: true },
    { name: 'phone2', kind: 'phone', label: 'Second phone', pii: true },
    { name: 'jobTitle', kind: 'text', label: 'Job title', maxLength: 200 },
    { name: 'companyId', kind: 'ref', label: 'Company', refType: 'company' },
    { name: 'street', kind: 'text', label: 'Street address', pii: true, maxLength: 500 },
    { name: 'postalCode', kind: 'text', label: 'Postal code', pii: true, maxLength: 20 },
    { name: 'city', kind: 'text', label: 'City', pii: true, maxLength: 200 },
    { name: 'country', kind: 'text', label: 'Country', maxLength: 100 },
    { name: 'birthDate', kind: 'date', label: 'Date of birth', pii: true, notAfterToday: true },
    { name: 'nationalId', kind: 'id', label: 'National ID', pii: true, maxLength: 64 },
    { name: 'website', kind: 'url', label: 'Website', pii: true },
    { name: 'lifecycleStage', kind: 'enum', label: 'Lifecycle stage', options: LIFECYCLE_STAGES },
    { name: 'subscribedAt', kind: 'date', label: 'Subscription date' },
    { name: 'externalId', kind: 'id', label: 'External ID', maxLength: 64 },
    { name: 'ownerId', kind: 'id', label: 'Owner', maxLength: OWNER_ID_MAX_LENGTH },
    { name: 'notes', kind: 'longtext', label: 'Notes', pii: true, maxLength: 20000 },
  ],
}

const company: EntitySchema = {
  type: 'company',
  plural: 'companies',
  label: 'Company',
  titleFields: ['name'],
  fields: [
    { name: 'name', kind: 'text', label: 'Name', required: true, maxLength: 300 },
    { name: 'sector', kind: 'text', label: 'Sector', maxLength: 100 },
    { name: 'yearEstablished', kind: 'number', label: 'Year established', min: 1000, max: 2100 },
    { name: 'revenue', kind: 'money', label: 'Annual revenue', min: 0 },
    { name: 'employees', kind: 'number', label: 'Employees', min: 0, max: 100_000_000 },
    { name: 'country', kind: 'text', label: 'Country', maxLength: 100 },
    { name: 'city', kind: 'text', label: 'City', maxLength: 200 },
    { name: 'street', kind: 'text', label: 'Street address', maxLength: 500 },
    { name: 'phone', kind: 'phone', label: 'Phone' },
    { name: 'website', kind: 'url', label: 'Website' },
    { name: 'parentCompanyId', kind: 'ref', label: 'Subsidiary of', refType: 'company' },
    { name: 'externalId', kind: 'id', label: 'External ID', maxLength: 64 },
    { name: 'ownerId', kind: 'id', label: 'Owner', maxLength: OWNER_ID_MAX_LENGTH },
    { name: 'notes', kind: 'longtext', label: 'Notes', maxLength: 20000 },
  ],
}

const deal: EntitySchema = {
  type: 'deal',
  plural: 'deals',
  label: 'Deal',
  titleFields: ['title'],
  fields: [
    { name: 'title', kind: 'text', label: 'Title', required: true, freeText: true, maxLength: 300 },
    { name: 'companyId', kind: 'ref', label: 'Company', refType: 'company' },
    { name: 'contactId', kind: 'ref', label: 'Contact', refType: 'contact' },
    { name: 'pipeline', kind: 'text', label: 'Pipeline', maxLength: 100 },
    { name: 'stage', kind: 'enum', label: 'Stage', required: true, options: DEAL_STAGES },
    { name: 'amount', kind: 'money', label: 'Amount', min: 0 },
    { name: 'currency', kind: 'currency', label: 'Currency' },
    { name: 'product', kind: 'text', label: 'Product', maxLength: 200 },
    { name: 'agent', kind: 'text', label: 'Sales agent', maxLength: 200 },
    { name: 'engageDate', kind: 'date', label: 'Engage date' },
    { name: 'closeDate', kind: 'date', label: 'Close date' },
    { name: 'nextStep', kind: 'text', label: 'Next step', freeText: true, maxLength: 500 },
    { name: 'externalId', kind: 'id', label: 'External ID', maxLength: 64 },
    { name: 'ownerId', kind: 'id', label: 'Owner', maxLength: OWNER_ID_MAX_LENGTH },
    { name: 'notes', kind: 'longtext', label: 'Notes', maxLength: 20000 },
  ],
}

const activity: EntitySchema = {
  type: 'activity',
  plural: 'activities',
  label: 'Activity',
  titleFields: ['subject'],
  fields: [
    { name: 'kind', kind: 'enum', label: 'Kind', required: true, options: ACTIVITY_KINDS },
    {
      name: 'subject',
      kind: 'text',
      label: 'Subject',
      required: true,
      freeText: true,
      maxLength: 300,
    },
    { name: 'body', kind: 'longtext', label: 'Details', pii: true, maxLength: 20000 },
    { name: 'dueAt', kind: 'datetime', label: 'Due' },
    { name: 'completedAt', kind: 'datetime', label: 'Completed' },
    { name: 'status', kind: 'enum', label: 'Status', options: ['open', 'done'] },
    { name: 'contactId', kind: 'ref', label: 'Contact', refType: 'contact' },
    { name: 'companyId', kind: 'ref', label: 'Company', refType: 'company' },
    { name: 'dealId', kind: 'ref', label: 'Deal', refType: 'deal' },
    { name: 'ticketId', kind: 'ref', label: 'Ticket', refType: 'ticket' },
    { name: 'ownerId', kind: 'id', label: 'Owner', maxLength: OWNER_ID_MAX_LENGTH },
  ],
}

const ticket: EntitySchema = {
  type: 'ticket',
  plural: 'tickets',
  label: 'Ticket',
  titleFields: ['subject'],
  fields: [
    {
      name: 'subject',
      kind: 'text',
      label: 'Subject',
      required: true,
      freeText: true,
      maxLength: 300,
    },
    { name: 'description', kind: 'longtext', label: 'Description', pii: true, maxLength: 20000 },
    { name: 'status', kind: 'enum', label: 'Status', required: true, options: TICKET_STATUSES },
    { name: 'priority', kind: 'enum', label: 'Priority', options: TICKET_PRIORITIES },
    { name: 'slaDueAt', kind: 'datetime', label: 'SLA due' },
    { name: 'contactId', kind: 'ref', label: 'Contact', refType: 'contact' },
    { name: 'companyId', kind: 'ref', label: 'Company', refType: 'company' },
    { name: 'ownerId', kind: 'id', label: 'Owner', maxLength: OWNER_ID_MAX_LENGTH },
  ],
}

const segment: EntitySchema = {
  type: 'segment',
  plural: 'segments',
  label: 'Segment',
  titleFields: ['name'],
  fields: [
    { name: 'name', kind: 'text', label: 'Name', required: true, maxLength: 200 },
    {
      name: 'entityType',
      kind: 'enum',
      label: 'Selects',
      required: true,
      options: SEGMENT_ENTITY_TYPES,
    },
    { name: 'match', kind: 'enum', label: 'Match', options: SEGMENT_MATCH_MODES },
    { name: 'conditions', kind: 'conditions', label: 'Conditions' },
    { name: 'description', kind: 'longtext', label: 'Description', maxLength: 2000 },
    { name: 'ownerId', kind: 'id', label: 'Owner', maxLength: OWNER_ID_MAX_LENGTH },
  ],
}

const campaign: EntitySchema = {
  type: 'campaign',
  plural: 'campaigns',
  label: 'Campaign',
  titleFields: ['name'],
  fields: [
    { name: 'name', kind: 'text', label: 'Name', required: true, maxLength: 200 },
    { name: 'segmentId', kind: 'ref', label: 'Audience', refType: 'segment' },
    { name: 'status', kind: 'enum', label: 'Status', options: CAMPAIGN_STATUSES },
    { name: 'steps', kind: 'steps', label: 'Steps' },
    { name: 'launchedAt', kind: 'datetime', label: 'Launched' },
    { name: 'memberCount', kind: 'number', label: 'Members' },
    { name: 'description', kind: 'longtext', label: 'Description', maxLength: 2000 },
    { name: 'ownerId', kind: 'id', label: 'Owner', maxLength: OWNER_ID_MAX_LENGTH },
  ],
}

export const ENTITY_SCHEMAS: Readonly<Record<EntityType, EntitySchema>> = {
  contact,
  company,
  deal,
  activity,
  ticket,
  segment,
  campaign,
}

/** Returns the schema whose plural is `plural` (`contacts`), or undefined. */
export function findSchemaByPlural(plural: string): EntitySchema | undefined {
  return Object.values(ENTITY_SCHEMAS).find((schema) => schema.plural === plural)
}

/** Returns the field `name` of `type`, looking at `extraFields` (custom fields) too. */
export function findField(
  type: EntityType,
  name: string,
  extraFields: readonly FieldDef[] = [],
): FieldDef | undefined {
  return (
    ENTITY_SCHEMAS[type].fields.find((field) => field.name === name) ??
    extraFields.find((field) => field.name === name)
  )
}
