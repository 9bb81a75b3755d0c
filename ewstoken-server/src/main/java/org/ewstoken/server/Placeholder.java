package org.ewstoken.server; final class Placeholder {}
