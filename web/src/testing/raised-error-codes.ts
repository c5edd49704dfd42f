import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/** One place in the server sources that sends an error code to a client. */
export interface RaisedCode {
  code: string
  /**
   * The `params.reason` values the place sends: none, the literals it names, or `computed`
   * when the reason is an expression that cannot be read from the source.
   */
  reasons: readonly string[] | 'none' | 'computed'
  /** Names of the params the place sends, or undefined when a spread or variable hides them. */
  params?: readonly string[]
  /** `file:line` of the place. */
  location: string
}

export interface RaisedCodeScan {
  raised: RaisedCode[]
  /** Places whose code is an expression that cannot be read from the source, as `file:line`. */
  unresolved: string[]
}

/**
 * Finds the error codes that TypeScript sources under `folders` send: the code of each
 * `new ApiError(status, code)` and of each object literal with a `code` property, such as a
 * field error, an import row problem or a JSON error body. A function that returns a new
 * ApiError, such as `fileError(code, message)`, counts at each of its calls, with the params
 * chained there. A code is read through string literals, conditional expressions and `const`
 * variables. Test files and files under `skipFolders` are left out.
 */
export function scanRaisedCodes(root: string, folders: readonly string[], skipFolders: readonly string[] = []): RaisedCodeScan {
  const skipped = skipFolders.map((skip) => path.join(root, skip) + path.sep)
  const files = folders
    .flatMap((folder) => sourceFiles(path.join(root, folder)))
    .filter((file) => !skipped.some((skip) => file.startsWith(skip)))
    .map((file) => ts.createSourceFile(path.relative(root, file), fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true))

  const helpers = new Map<string, ErrorHelper[]>()
  for (const file of files) findErrorHelpers(file, helpers)

  const scan: RaisedCodeScan = { raised: [], unresolved: [] }
  for (const file of files) collectRaisedCodes(file, helpers, scan)
  return scan
}

/** A function that returns a new ApiError, so that its callers raise the error. */
interface ErrorHelper {
  file: ts.SourceFile
  /** The code expression, or the position of the parameter that the caller passes the code in. */
  code: ts.Expression | number
  /** Params the function chains itself, or null when it chains none. */
  params: ts.Expression | null
}

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
}

function locationOf(node: ts.Node): string {
  const file = node.getSourceFile()
  return `${file.fileName}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`
}

function isApiError(node: ts.Node): node is ts.NewExpression {
  return ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'ApiError'
}

function propertyOf(object: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return object.properties.find((property) => property.name !== undefined && ts.isIdentifier(property.name) && property.name.text === name)
}

/** Returns the value of a property, reading a shorthand `{ code }` as its variable. */
function valueOf(property: ts.ObjectLiteralElementLike | undefined): ts.Expression | undefined {
  if (!property) return undefined
  if (ts.isPropertyAssignment(property)) return property.initializer
  if (ts.isShorthandPropertyAssignment(property)) return property.name
  return undefined
}

/** Returns the position of `name` among the parameters of the function around `node`, if it is one. */
function parameterIndex(node: ts.Node, name: string): number | undefined {
  for (let scope: ts.Node | undefined = node.parent; scope; scope = scope.parent) {
    if (!ts.isFunctionLike(scope)) continue
    const index = scope.parameters.findIndex((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === name)
    if (index >= 0) return index
  }
  return undefined
}

/** Returns the name a function is called by: its declared name or its `const`. */
function functionName(owner: ts.Node): string | undefined {
  if (ts.isFunctionDeclaration(owner)) return owner.name?.text
  const declaration = owner.parent
  if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) return declaration.name.text
  return undefined
}

/** Returns the ApiError with its chained `.withParams(...)` call, if there is one. */
function withChain(error: ts.NewExpression): ts.Expression {
  const access = error.parent
  if (!ts.isPropertyAccessExpression(access) || access.name.text !== 'withParams') return error
  return ts.isCallExpression(access.parent) ? access.parent : error
}

/** Returns the params expression chained on `node` with `.withParams(...)`, or null when none is. */
function chainedParams(node: ts.Expression): ts.Expression | null {
  const access = node.parent
  if (!ts.isPropertyAccessExpression(access) || access.name.text !== 'withParams') return null
  const call = access.parent
  return ts.isCallExpression(call) ? (call.arguments[0] ?? null) : null
}

/** Returns the name of the function that returns this ApiError, or undefined when the error is thrown. */
function helperNameOf(error: ts.NewExpression): string | undefined {
  const returned = withChain(error)
  const parent = returned.parent
  if (ts.isArrowFunction(parent) && parent.body === returned) return functionName(parent)
  if (!ts.isReturnStatement(parent)) return undefined

  let owner: ts.Node | undefined = parent.parent
  while (owner && !ts.isFunctionLike(owner)) owner = owner.parent
  return owner && functionName(owner)
}

function findErrorHelpers(file: ts.SourceFile, helpers: Map<string, ErrorHelper[]>): void {
  const add = (error: ts.NewExpression) => {
    const name = helperNameOf(error)
    const code = error.arguments?.[1]
    if (!name || !code) return

    const index = ts.isIdentifier(code) ? parameterIndex(code, code.text) : undefined
    const helper: ErrorHelper = { file, code: index ?? code, params: chainedParams(error) }
    helpers.set(name, [...(helpers.get(name) ?? []), helper])
  }

  const visit = (node: ts.Node): void => {
    if (isApiError(node)) add(node)
    ts.forEachChild(node, visit)
  }
  visit(file)
}

/** Returns the helper a call names: one of the caller's file, or else the only one by that name. */
function helperOf(call: ts.CallExpression, helpers: ReadonlyMap<string, ErrorHelper[]>): ErrorHelper | undefined {
  if (!ts.isIdentifier(call.expression)) return undefined
  const candidates = helpers.get(call.expression.text) ?? []
  const local = candidates.find((helper) => helper.file === call.getSourceFile())
  if (local) return local
  return candidates.length === 1 && candidates[0]!.file !== call.getSourceFile() ? candidates[0] : undefined
}

/**
 * Returns the string literals an expression can take, or undefined when it is not made of
 * literals, conditionals and `const` variables.
 */
function literalsOf(expression: ts.Expression): string[] | undefined {
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return [expression.text]
  if (ts.isParenthesizedExpression(expression)) return literalsOf(expression.expression)
  if (ts.isConditionalExpression(expression)) {
    const [whenTrue, whenFalse] = [literalsOf(expression.whenTrue), literalsOf(expression.whenFalse)]
    return whenTrue && whenFalse ? [...whenTrue, ...whenFalse] : undefined
  }
  if (ts.isIdentifier(expression)) {
    const initializer = constInitializer(expression)
    return initializer ? literalsOf(initializer) : undefined
  }
  return undefined
}

/** Returns the initializer of the `const` an identifier names, if its file declares one by that name. */
function constInitializer(identifier: ts.Identifier): ts.Expression | undefined {
  let found: ts.Expression | undefined
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === identifier.text && node.initializer) {
      const isConst = (ts.getCombinedNodeFlags(node) & ts.NodeFlags.Const) !== 0
      if (isConst) found = node.initializer
    }
    ts.forEachChild(node, visit)
  }
  visit(identifier.getSourceFile())
  return found
}

/**
 * Reads the reasons and param names of a params expression. Null stands for no params at all,
 * and undefined for params that cannot be read from the source.
 */
function describeParams(params: ts.Expression | null | undefined): Pick<RaisedCode, 'reasons' | 'params'> {
  if (params === null) return { reasons: 'none', params: [] }
  if (!params || !ts.isObjectLiteralExpression(params)) return { reasons: 'computed' }

  const named = params.properties.flatMap((property) => (property.name && ts.isIdentifier(property.name) ? [property.name.text] : []))
  // A spread can carry a reason and other params of its own.
  const hasSpread = params.properties.some((property) => ts.isSpreadAssignment(property))
  const names = hasSpread ? undefined : named
  const reason = valueOf(propertyOf(params, 'reason'))
  if (reason) return { reasons: literalsOf(reason) ?? 'computed', params: names }
  return { reasons: hasSpread ? 'computed' : 'none', params: names }
}

function collectRaisedCodes(file: ts.SourceFile, helpers: ReadonlyMap<string, ErrorHelper[]>, scan: RaisedCodeScan): void {
  const add = (code: ts.Expression | undefined, params: ts.Expression | null | undefined, at: ts.Node) => {
    const codes = code && literalsOf(code)
    if (!codes) {
      scan.unresolved.push(locationOf(at))
      return
    }
    for (const literal of codes) scan.raised.push({ code: literal, ...describeParams(params), location: locationOf(at) })
  }

  const visit = (node: ts.Node): void => {
    if (isApiError(node) && !helperNameOf(node)) {
      add(node.arguments?.[1], chainedParams(node), node)
    } else if (ts.isCallExpression(node)) {
      const helper = helperOf(node, helpers)
      if (helper) {
        const code = typeof helper.code === 'number' ? node.arguments[helper.code] : helper.code
        add(code, chainedParams(node) ?? helper.params, node)
      }
    } else if (ts.isObjectLiteralExpression(node)) {
      addObjectCode(node, add)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
}

/**
 * Counts an object literal's `code` when the object is an error: its code is a literal, or it
 * has a message too. A code read from another error (`check.code`) was counted where that
 * error was made, and a code parameter where the function is called.
 */
function addObjectCode(
  object: ts.ObjectLiteralExpression,
  add: (code: ts.Expression, params: ts.Expression | null | undefined, at: ts.Node) => void,
): void {
  const code = valueOf(propertyOf(object, 'code'))
  if (!code || ts.isPropertyAccessExpression(code)) return
  if (ts.isIdentifier(code) && parameterIndex(code, code.text) !== undefined && !constInitializer(code)) return
  if (!literalsOf(code) && !propertyOf(object, 'message')) return

  const params = propertyOf(object, 'params')
  // An object without a message, such as `{ ok: false, code }`, gets its params where it is spread.
  const known = params ? valueOf(params) : propertyOf(object, 'message') ? null : undefined
  add(code, known, object)
}
