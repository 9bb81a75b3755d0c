package org.ewstoken.tokens; final class Placeholder {}
