import type { Context } from 'hono'
import { ApiError, findField, type EntityType, type RecordDoc } from '@enclave/shared'
import { can } from '@enclave/shared/auth/index'
import { clientAddress, type SessionUser } from '@enclave/shared/node/auth/index'
import { rejectPersonalListParameters } from '../auth/personal-parameters'
import type { EdgeContext } from '../context'
import type { SegmentDefinition, MemberScope } from './evaluate-segment'

/**
 * Rules for showing segment and campaign members, which are records like any list. Roles
 * without `read_personal` may not filter on personal fields and get members without them.
 * Own-scope users see only records they own. Each response with personal fields gets an
 * audit entry naming the records and fields.
 */
export class MemberAccess {
  constructor(
    private readonly context: EdgeContext,
    private readonly user: SessionUser,
  ) {}

  static of(context: EdgeContext, c: Context): MemberAccess {
    const user = c.get('user') as SessionUser | undefined
    if (!user) throw new ApiError(401, 'unauthenticated', 'sign in to see segment members')
    return new MemberAccess(context, user)
  }

  get readsPersonal(): boolean {
    return can(this.user.role, 'read_personal')
  }

  /** Owner restriction for this user: none, or their own id. */
  get scope(): MemberScope {
    return this.user.recordScope === 'own' ? { ownerId: this.user.id } : {}
  }

  private isPersonal(type: EntityType, field: string): boolean {
    return findField(type, field, this.context.store.getCustomFields(type))?.pii === true
  }

  /** Rejects conditions and list parameters on personal fields for roles that may not read them. */
  checkFields(definition: SegmentDefinition, params?: URLSearchParams): void {
    if (this.readsPersonal) return
    const type = definition.entityType
    for (const condition of definition.conditions) {
      if (this.isPersonal(type, condition.field)) {
        throw new ApiError(403, 'forbidden', `'${condition.field}' is a personal field, which your role may not read, so a segment on it cannot be shown to you`).withParams({
          reason: 'personal_segment',
          field: condition.field,
        })
      }
    }
    if (params) rejectPersonalListParameters(type, params, (field) => this.isPersonal(type, field))
  }

  /** Own-scope users may use only the segments and campaigns they own. */
  checkOwnership(doc: RecordDoc): void {
    if (this.user.recordScope === 'own' && doc.ownerId !== this.user.id) {
      throw new ApiError(404, 'not_found', `no ${doc.type} has the id '${doc._id}'`).withParams({ resource: doc.type, id: doc._id })
    }
  }

  /** Checks whether this user may see and change a member record: any record, or only their own. */
  mayUse(record: RecordDoc | undefined): boolean {
    return this.user.recordScope !== 'own' || record?.ownerId === this.user.id
  }

  /**
   * Returns the members as this user may see them and, when they carry personal fields,
   * appends an audit entry for the read.
   */
  async present(c: Context, type: EntityType, docs: RecordDoc[], detail: Record<string, string | number | boolean>): Promise<RecordDoc[]> {
    if (!this.readsPersonal) {
      return docs.map((doc) => {
        const copy: RecordDoc = { ...doc }
        for (const name of Object.keys(copy)) if (this.isPersonal(type, name)) delete copy[name]
        if (copy.stamps) copy.stamps = Object.fromEntries(Object.entries(copy.stamps).filter(([name]) => !this.isPersonal(type, name)))
        return copy
      })
    }

    const fields = new Set<string>()
    for (const doc of docs) for (const name of Object.keys(doc)) if (this.isPersonal(type, name)) fields.add(name)
    if (fields.size > 0) {
      await this.context.audit.append({
        action: 'record.list',
        user: this.user.id,
        recordIds: docs.map((doc) => doc._id),
        fields: [...fields].sort(),
        address: clientAddress(c),
        detail: { type, ...detail },
      })
    }
    return docs
  }
}
