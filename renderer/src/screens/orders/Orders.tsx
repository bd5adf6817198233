// Orders and production: incoming and outgoing orders (estimate, reject, start), placing an
// order, and the production runs with their inputs, workloads, machines and output.
import { useTranslation } from 'react-i18next'
import { PageTitle } from '../../components/ui.tsx'
import { OrderList } from './OrderList.tsx'
import { PlaceOrder } from './PlaceOrder.tsx'
import { ProductionVotes } from './ProductionVotes.tsx'
import { Productions } from './Productions.tsx'

export default function Orders() {
  const { t } = useTranslation()
  return (
    <div className="stack">
      <PageTitle>{t('orders:title')}</PageTitle>
      <OrderList />
      <ProductionVotes />
      <Productions />
      <PlaceOrder />
    </div>
  )
}
