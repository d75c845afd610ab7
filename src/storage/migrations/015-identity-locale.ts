// The language each platform account last said it speaks (the client's, the playground's choice). A change there
// is the member's choice; an unchanged one leaves a language typed in chat (`english`) alone.
// A waitlisted sign-up remembers the card that shows its place (a message in the member's direct chat, as the
// adapter's update names it), so a promotion can make that card true.
export default `
ALTER TABLE identities ADD COLUMN platform_locale TEXT CHECK (platform_locale IN ('nl', 'en'));
ALTER TABLE signups ADD COLUMN card_message TEXT;
`;
