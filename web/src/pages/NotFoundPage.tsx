import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is nothing here. <Link to="/">Go home</Link>.
      </p>
    </>
  );
}
