import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '@enclave/shared'
import { createEmbeddedStorage } from '../storage/embedded'
import { META_DATABASE, type Storage } from '../storage/types'
import { createSiteKey } from '../testing/test-site'
import { ENROLMENT_CODE_LIFETIME_MS, SiteRegistry } from './site-registry'

describe('SiteRegistry', () => {
  let dataDir: string
  let storage: Storage
  let clock: Date
  let registry: SiteRegistry

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-registry-'))
    storage = createEmbeddedStorage(dataDir)
    clock = new Date('2026-03-01T08:00:00.000Z')
    registry = new SiteRegistry(storage, await storage.database(META_DATABASE), () => clock)
  })

  afterEach(async () => {
    await storage.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('rejects an expired enrolment code', async () => {
    const key = await createSiteKey()
    const { enrolmentCode } = await registry.createSite({ siteId: 'late', name: 'Late site' })
    clock = new Date(clock.getTime() + ENROLMENT_CODE_LIFETIME_MS + 1)

    const error = await registry.enrol('late', { code: enrolmentCode, publicJwk: key.publicJwk, kid: key.kid }).catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(403)
  })

  it('re-enrols with a new code and key', async () => {
    const first = await createSiteKey()
    const second = await createSiteKey()
    const created = await registry.createSite({ siteId: 'moved', name: 'Moved site' })
    await registry.enrol('moved', { code: created.enrolmentCode, publicJwk: first.publicJwk, kid: first.kid })

    const reissued = await registry.issueEnrolmentCode('moved')
    await registry.enrol('moved', { code: reissued.enrolmentCode, publicJwk: second.publicJwk, kid: second.kid })

    expect((await registry.findSite('moved'))?.kid).toBe(second.kid)
  })

  it('re-enrols a revoked site only with a new code', async () => {
    const key = await createSiteKey()
    const created = await registry.createSite({ siteId: 'back', name: 'Back again' })
    await registry.enrol('back', { code: created.enrolmentCode, publicJwk: key.publicJwk, kid: key.kid })
    await registry.revoke('back')

    const withOldCode = await registry.enrol('back', { code: created.enrolmentCode, publicJwk: key.publicJwk, kid: key.kid }).catch((caught: unknown) => caught)
    const reissued = await registry.issueEnrolmentCode('back')
    const enrolled = await registry.enrol('back', { code: reissued.enrolmentCode, publicJwk: key.publicJwk, kid: key.kid })

    expect((withOldCode as ApiError).status).toBe(403)
    expect(enrolled.status).toBe('enrolled')
  })

  it('deletes a revoked site with its data', async () => {
    await registry.createSite({ siteId: 'gone', name: 'Gone' })
    await registry.publishPolicy('gone', { version: 1, entities: {} })
    await registry.publishPolicy('gone', { version: 2, entities: {} })
    await registry.revoke('gone')

    await registry.deleteSite('gone')
    const meta = await storage.database(META_DATABASE)
    const left = await meta.allDocs({ startkey: 'policy:gone', endkey: 'policy:gone:\uffff' })

    expect(await registry.findSite('gone')).toBeUndefined()
    expect(left.rows).toEqual([])
    expect(await storage.listDatabases()).not.toContain('site_gone')
  })

  it('keeps a site that is not revoked', async () => {
    await registry.createSite({ siteId: 'active', name: 'Active' })
    const error = await registry.deleteSite('active').catch((caught: unknown) => caught)

    expect((error as ApiError).status).toBe(409)
    expect(await registry.findSite('active')).toBeDefined()
  })

  it('creates the site database', async () => {
    await registry.createSite({ siteId: 'stored', name: 'Stored site' })
    expect(await storage.listDatabases()).toContain('site_stored')
  })

  it('keeps every published version', async () => {
    await registry.createSite({ siteId: 'versions', name: 'Versions' })
    await registry.publishPolicy('versions', { version: 1, entities: {} })
    await registry.publishPolicy('versions', { version: 2, entities: {} })

    const meta = await storage.database(META_DATABASE)
    const copies = await meta.allDocs({ startkey: 'policy:versions:', endkey: 'policy:versions:\uffff' })

    expect(copies.rows.map((row) => row.id)).toEqual(['policy:versions:0000000001', 'policy:versions:0000000002'])
    expect((await registry.findPolicy('versions'))?.version).toBe(2)
  })

  it('stores no enrolment code in clear', async () => {
    const { enrolmentCode } = await registry.createSite({ siteId: 'hashed', name: 'Hashed' })
    const meta = await storage.database(META_DATABASE)
    expect(JSON.stringify(await meta.get('site:hashed'))).not.toContain(enrolmentCode)
  })
})
