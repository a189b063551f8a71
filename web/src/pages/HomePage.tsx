import { StatusCard } from '../components/StatusCard';

export function HomePage() {
  return (
    <>
      <h1>Welcome to Atom</h1>
      <p className="lead">Your assistant for workflows across your services, and a memory of your documents.</p>
      <div className="grid">
        <StatusCard />
      </div>
    </>
  );
}
