// The PouchDB 9 adapter packages ship no type declarations; they are plain plugin objects.
declare module 'pouchdb-adapter-leveldb' {
  const plugin: PouchDB.Plugin
  export default plugin
}
declare module 'pouchdb-adapter-http' {
  const plugin: PouchDB.Plugin
  export default plugin
}

declare module 'leveldown' {
  /** The LevelDB store that the PouchDB LevelDB adapter opens; only what this project calls. */
  interface LevelDown {
    compactRange(start: Buffer, end: Buffer, callback: (error?: Error) => void): void
    batch(
      operations: ({ type: 'put'; key: Buffer; value: Buffer } | { type: 'del'; key: Buffer })[],
      callback: (error?: Error) => void,
    ): void
  }
  function leveldown(location: string): LevelDown
  namespace leveldown {
    /** Deletes the store's folder. */
    function destroy(location: string, callback: (error?: Error) => void): void
  }
  export default leveldown
}
