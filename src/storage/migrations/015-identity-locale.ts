// The language each platform account last said it speaks (the client's, the playground's choice). A change there
// is the member's choice; an unchanged one leaves a language typed in chat (`english`) alone.
export default `
ALTER TABLE identities ADD COLUMN platform_locale TEXT CHECK (platform_locale IN ('nl', 'en'));
`;
