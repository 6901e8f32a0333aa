/**
 * The chat page at {@code /}: a Thymeleaf template with the model's facts and the sampling defaults; the page's
 * scripts ({@code frontend/chat/}) talk to the conversation API ({@code /api/conversations}).
 */
package ai.puyu.web;
