import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'renderer/dist/', '.scratch/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }
      ]
    }
  },
  {
    // The React interface: the rules of hooks.
    files: ['renderer/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest']
  },
  {
    // Determinism: nothing under core/ledger, core/economics or core/checkpoint may read a
    // clock or Math.random (checkpoint's member-side nonces come from a CSPRNG, never there).
    files: ['core/ledger/**/*.ts', 'core/economics/**/*.ts', 'core/checkpoint/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'Date', 'performance'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random' }]
    }
  }
)
