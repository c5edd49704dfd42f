import type { ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { LocationProvider, Route, Router, useLocation, useRoute } from 'preact-iso'
import { findSchemaByPlural } from '@enclave/shared/entities/schemas'
import { useSession } from '../pages/auth/SessionGate'
import { AuditPage } from '../pages/audit/AuditPage'
import { PolicyPage } from '../pages/policy/PolicyPage'
import { ResidencyAuditPage } from '../pages/policy/ResidencyAuditPage'
import { ListPage } from '../lists/ListPage'
import { NewRecordPage } from '../records/NewRecordPage'
import { RecordPage } from '../records/RecordPage'
import { PipelinePage } from '../pipeline/PipelinePage'
import { TasksPage } from '../tasks/TasksPage'
import { ImportHistoryPage } from '../import/ImportHistoryPage'
import { ImportPage } from '../import/ImportPage'
import { PasswordPage } from '../pages/users/PasswordPage'
import { UsersPage } from '../pages/users/UsersPage'
import type { Action } from '@enclave/shared/auth/roles'
import { CampaignsRoute, DashboardRoute, SegmentsRoute } from '../pages/reports/lazy-pages'
import { Shell } from '../shell/Shell'
import { StateMessage } from '../shell/StateMessage'
import { createRecordApi, loadTier } from './api-client'
import { AppContext, RECORD_PLURALS, can, useApp, type AppState } from './app-context'
import { currentLanguage, t } from './i18n'
import { errorText } from '../app/error-text'

function RecordsRoute() {
  const { params } = useRoute()
  const plural = params.plural ?? ''
  if (!findSchemaByPlural(plural) || !(RECORD_PLURALS as readonly string[]).includes(plural)) return <NotFound />
  if (!params.id) return <ListPage key={plural} plural={plural} />
  if (params.id === 'new') return <NewRecordOrDenied plural={plural} />
  return <RecordPage plural={plural} id={decodeURIComponent(params.id)} />
}

function NewRecordOrDenied({ plural }: { plural: string }) {
  const app = useApp()
  if (!can(app, 'edit')) return <StateMessage kind="empty" message={t('users.notAllowed')} />
  return <NewRecordPage key={plural} plural={plural} />
}

function NotFound() {
  return <StateMessage kind="error" message={t('app.notFound', { path: location.pathname })} />
}

/**
 * Wraps a page that exists at one tier only. The sidebar already leaves it out at the other
 * tier. For a typed or bookmarked URL, this wrapper shows a message instead of an API error.
 */
function onlyAt(tier: 'edge' | 'cloud', Page: ComponentType): ComponentType {
  return function TierPage() {
    const app = useApp()
    if (app.api.tier.tier !== tier) return <StateMessage kind="empty" message={t(tier === 'edge' ? 'app.edgeOnly' : 'app.cloudOnly')} />
    return <Page />
  }
}

/**
 * Wraps a page that needs `action`. The sidebar already leaves it out for roles without the
 * action. For a typed or bookmarked URL, this wrapper shows a message instead of an API error.
 */
function onlyWith(action: Action, Page: ComponentType): ComponentType {
  return function PermittedPage() {
    const app = useApp()
    if (!can(app, action)) return <StateMessage kind="empty" message={t('users.notAllowed')} />
    return <Page />
  }
}

/**
 * Wraps a page that reads a site's records. At the cloud, a user granted no site, or an admin of
 * a cloud that no site has enrolled with yet, gets a message explaining what to do instead of
 * requests that fail because the URL names no site.
 */
function withSite(Page: ComponentType): ComponentType {
  return function SitePage() {
    const app = useApp()
    const { tier } = app.api
    if (tier.tier === 'edge' || tier.siteId) return <Page />
    // Admins, the only role with manage_sites, may use every site, so for them none exists yet.
    const message = can(app, 'manage_sites') ? t('app.noSiteEnrolled') : t('app.noSiteGranted')
    return <StateMessage kind="empty" message={message} />
  }
}

const EdgeImport = onlyWith('import', onlyAt('edge', ImportPage))
const EdgeImportHistory = onlyWith('import', onlyAt('edge', ImportHistoryPage))
const EdgeAudit = onlyWith('view_audit', onlyAt('edge', AuditPage))
const EdgePolicy = onlyWith('change_policy', onlyAt('edge', PolicyPage))
const EdgeSegments = onlyAt('edge', SegmentsRoute)
const EdgeCampaigns = onlyAt('edge', CampaignsRoute)
const CloudResidency = onlyWith('manage_sites', onlyAt('cloud', ResidencyAuditPage))
const Users = onlyWith('manage_users', UsersPage)
const SiteRecords = withSite(RecordsRoute)
const SitePipeline = withSite(PipelinePage)
const SiteTasks = withSite(TasksPage)
const SiteDashboard = withSite(DashboardRoute)

function Home() {
  const { route } = useLocation()
  useEffect(() => route('/contacts', true), [])
  return <StateMessage kind="loading" />
}

/**
 * Shows the CRM to a signed-in user. It loads the tier (and at the cloud the site's published
 * field set), then routes between the shell's pages with real URLs.
 */
export function CrmApp() {
  const { session } = useSession()
  const [state, setState] = useState<AppState | null>(null)
  const [error, setError] = useState('')
  const [language, setLanguageState] = useState(currentLanguage())

  useEffect(() => {
    loadTier()
      .then(async (tier) => {
        const api = createRecordApi(tier)
        const allowed = tier.tier === 'cloud' && tier.siteId ? await api.policy().catch(() => undefined) : undefined
        setState({ api, allowed, userId: session.user.id, recordScope: session.user.recordScope, actions: session.actions, language })
      })
      .catch((failure: Error) => setError(errorText(failure)))
  }, [])

  if (error) return <StateMessage kind="error" message={error} onRetry={() => location.reload()} />
  if (!state) return <StateMessage kind="loading" />

  return (
    <AppContext.Provider value={{ ...state, language }}>
      <LocationProvider>
        <Shell onLanguage={setLanguageState}>
          <Router>
            <Route path="/" component={Home} />
            <Route path="/pipeline" component={SitePipeline} />
            <Route path="/tasks" component={SiteTasks} />
            <Route path="/import" component={EdgeImport} />
            <Route path="/import/history" component={EdgeImportHistory} />
            <Route path="/audit" component={EdgeAudit} />
            <Route path="/policy" component={EdgePolicy} />
            <Route path="/residency" component={CloudResidency} />
            <Route path="/users" component={Users} />
            <Route path="/password" component={PasswordPage} />
            <Route path="/reports" component={SiteDashboard} />
            <Route path="/segments" component={EdgeSegments} />
            <Route path="/campaigns/:id?" component={EdgeCampaigns} />
            <Route path="/:plural/:id?" component={SiteRecords} />
            <Route default component={NotFound} />
          </Router>
        </Shell>
      </LocationProvider>
    </AppContext.Provider>
  )
}
