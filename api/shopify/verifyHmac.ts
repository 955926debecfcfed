/** Shopify's `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the raw body: the check WooCommerce shares. */
export { verifyBase64HmacSha256 as verifyShopifyHmac } from '../webhookHmac';
