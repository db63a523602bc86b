import CairnPlatform

// Landed migrations are frozen byte for byte (`MigrationManifest.tsv`). Written when Cairn was one module, two of
// them name platform types without importing the platform target; these aliases give those names to every file of
// the app target, so the files stay as they landed. New migrations import what they use.
typealias AuditChain = CairnPlatform.AuditChain
typealias EnvelopeCipher = CairnPlatform.EnvelopeCipher
