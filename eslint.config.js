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
    // The direction of imports: core/ is pure and knows neither the hosts nor the interface.
    files: ['core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**'],
              message: 'core/ imports neither main/ nor renderer/'
            },
            {
              group: ['electron', 'react', 'react-dom', 'react-*'],
              message: 'core/ runs without Electron, DOM or React'
            }
          ]
        }
      ]
    }
  },
  {
    // The interface reaches the node through the API only: main/api's contract and result types,
    // and the pure parts of core/ it shares (protocol bodies, intents, refusal codes; economics).
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/main/server/**',
                '**/main/electron/**',
                '**/main/cli/**',
                '**/main/host/**',
                '**/main/api/table.ts',
                '**/main/api/demo.ts'
              ],
              message: 'the interface knows main/ only through main/api (contract.ts, results.ts)'
            },
            {
              group: [
                '**/core/ledger/**',
                '**/core/node/**',
                '**/core/network/**',
                '**/core/workflows/**',
                '**/core/scenario/**'
              ],
              message: 'the interface imports only the pure parts of core/ (protocol, economics)'
            }
          ]
        }
      ]
    }
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
