import type { ResidencyPolicy } from './types'

const SYNC = { mode: 'sync' } as const
const SYNC_WRITABLE = { mode: 'sync', cloudWritable: true } as const
const LOCAL = { mode: 'local' } as const

/**
 * The policy a new site starts with. Customer names, emails, phones, street-level address,
 * birth date, national id and free-form notes stay on site or leave only masked, pseudonymised
 * or coarsened; company, country, deal stage and value sync.
 */
export const DEFAULT_POLICY: ResidencyPolicy = {
  version: 1,
  entities: {
    contact: {
      fields: {
        firstName: { mode: 'mask', maskStyle: 'partial' },
        lastName: LOCAL,
        email: { mode: 'mask', maskStyle: 'partial' },
        phone: { mode: 'mask', maskStyle: 'partial' },
        phone2: LOCAL,
        jobTitle: SYNC,
        companyId: SYNC,
        street: LOCAL,
        postalCode: { mode: 'generalize', generalizeLevel: 'prefix', prefixLength: 2 },
        city: LOCAL,
        country: SYNC,
        birthDate: { mode: 'generalize', generalizeLevel: 'decade' },
        nationalId: LOCAL,
        website: LOCAL,
        lifecycleStage: SYNC_WRITABLE,
        subscribedAt: SYNC,
        externalId: { mode: 'pseudonym' },
        ownerId: SYNC,
        notes: LOCAL,
      },
    },
    company: {
      fields: {
        name: SYNC,
        sector: SYNC,
        yearEstablished: SYNC,
        revenue: SYNC,
        employees: SYNC,
        country: SYNC,
        city: SYNC,
        street: LOCAL,
        phone: SYNC,
        website: SYNC,
        parentCompanyId: SYNC,
        externalId: SYNC,
        ownerId: SYNC,
        notes: LOCAL,
      },
    },
    deal: {
      cloudCreatable: true,
      fields: {
        title: SYNC_WRITABLE,
        companyId: SYNC,
        contactId: SYNC,
        pipeline: SYNC,
        stage: SYNC_WRITABLE,
        amount: SYNC_WRITABLE,
        currency: SYNC,
        product: SYNC_WRITABLE,
        agent: SYNC,
        engageDate: SYNC,
        closeDate: SYNC_WRITABLE,
        nextStep: SYNC_WRITABLE,
        externalId: SYNC,
        ownerId: SYNC,
        notes: LOCAL,
      },
    },
    activity: {
      cloudCreatable: true,
      cloudDeletable: true,
      fields: {
        kind: SYNC,
        subject: SYNC_WRITABLE,
        body: LOCAL,
        dueAt: SYNC_WRITABLE,
        completedAt: SYNC_WRITABLE,
        status: SYNC_WRITABLE,
        contactId: SYNC,
        companyId: SYNC,
        dealId: SYNC,
        ticketId: SYNC,
        ownerId: SYNC,
      },
    },
    ticket: {
      cloudCreatable: true,
      fields: {
        subject: SYNC_WRITABLE,
        description: LOCAL,
        status: SYNC_WRITABLE,
        priority: SYNC_WRITABLE,
        slaDueAt: SYNC,
        contactId: SYNC,
        companyId: SYNC,
        ownerId: SYNC,
      },
    },
    // Segments and campaigns are the site's own working lists; their conditions name personal
    // values (an email domain, a city), so no field of them leaves the site.
    segment: { localOnly: true, fields: {} },
    campaign: { localOnly: true, fields: {} },
  },
}
