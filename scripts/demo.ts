// Placeholder until the demo loader lands: starts nothing.
console.log('demo: not yet implemented')
