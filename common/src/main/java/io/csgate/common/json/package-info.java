/** The one configured JSON mapper, plain-Java conversions, and Channelstream's datetime format. */
package io.csgate.common.json;
